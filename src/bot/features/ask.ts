// Free-form questions answered from the visit documents (grounded answers), and their source buttons.
import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../context.ts";
import { pick } from "../../domain/language.ts";
import { eventById } from "../../domain/agenda.ts";
import type { Turn } from "../../knowledge/follow-up.ts";
import { TURN_TTL_MS } from "../../knowledge/follow-up.ts";
import { slidingWindow, type RateLimiter } from "../../knowledge/rate-limit.ts";
import { sourceLangOf } from "../../knowledge/passage.ts";
import { decode } from "../keyboards/callback-data.ts";
import { escapeHtml } from "../html.ts";
import { replyHtml } from "../reply.ts";
import { liveReply } from "../live-reply.ts";
import { renderAnswer, renderExcerpt, renderOriginal, renderPartial } from "../views/answer.ts";
import { renderDay, renderEvent, type Reader } from "../views/agenda.ts";
import { contactCardNames, renderVenueDetail, visibleContacts } from "../views/places.ts";
import { NO_ANSWER } from "../../knowledge/prompt.ts";

export const MAX_QUESTION_LENGTH = 1000;
export const QUESTIONS_PER_MINUTE = 10;

export const ask = new Composer<BotContext>();

// One limiter per bot (per deps), so tests and restarts never share counts.
const limiters = new WeakMap<BotDeps, RateLimiter>();
function limiter(deps: BotDeps): RateLimiter {
  let l = limiters.get(deps);
  if (!l) limiters.set(deps, (l = slidingWindow(QUESTIONS_PER_MINUTE, 60_000)));
  return l;
}

const turns = (deps: BotDeps) => deps.storage.namespace<Turn>("answers:turns");
const reader = (ctx: BotContext): Reader => ({ lang: ctx.lang, t: ctx.t, viewer: ctx.viewer });

// Runs after the commands of every other feature: a message starting with "/" is theirs (or fallback's).
ask.on("message:text", async (ctx, next) => {
  const question = ctx.message.text.trim();
  if (question.startsWith("/")) return next();
  const { deps } = ctx;
  const now = deps.clock.now();
  if (question.length > MAX_QUESTION_LENGTH) {
    // Nothing is lost: the delegate gets the text back to shorten and resend.
    const echo = `<code>${escapeHtml(question)}</code>`;
    return replyHtml(ctx, `${ctx.t("answers.tooLong", { length: question.length, max: MAX_QUESTION_LENGTH })}\n\n${echo}`);
  }
  if (!limiter(deps).take(ctx.from.id, now)) {
    return replyHtml(ctx, ctx.t("answers.rateLimited", { limit: QUESTIONS_PER_MINUTE }));
  }
  const live = liveReply(ctx, () => deps.clock.now());
  try {
    const store = turns(deps);
    const previous = (await store.get(String(ctx.from.id))) ?? undefined;
    const { answer, turn } = await deps.answers.ask({
      question,
      setting: ctx.lang,
      viewer: ctx.viewer,
      now,
      ...(previous ? { previous } : {}),
      onPartial: (text) => {
        if (!text.trimStart().startsWith(NO_ANSWER.slice(0, 3))) live.preview(renderPartial(text));
      },
    });
    await store.set(String(ctx.from.id), turn, TURN_TTL_MS);
    // The answer's language is the question's, which may differ from the delegate's setting.
    const t = deps.i18n.t(answer.lang);
    const view = renderAnswer(answer, t, (c, lang) => pick(c.name, lang));
    await live.finish(view.html, view.keyboard);
  } finally {
    live.stop();
  }
});

ask.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  if (cb?.kind === "source") return openSource(ctx, cb.key);
  if (cb?.kind === "original") {
    const original = ctx.deps.answers.original(cb.key, ctx.lang, ctx.viewer);
    if (!original) return ctx.answerCallbackQuery({ text: ctx.t("answers.staleSource") });
    await ctx.answerCallbackQuery();
    return replyHtml(ctx, renderOriginal(original, ctx.t));
  }
  if (cb?.kind === "askHuman") {
    await ctx.answerCallbackQuery();
    const liaison = ctx.deps.answers.liaison(ctx.viewer);
    if (!liaison) return replyHtml(ctx, ctx.t("answers.noLiaison"));
    await replyHtml(ctx, ctx.t("answers.personCard"));
    const names = contactCardNames(liaison, reader(ctx));
    return void (await ctx.replyWithContact(liaison.phone, names.first_name, names.last_name ? { last_name: names.last_name } : {}));
  }
  return next();
});

/** A source button: events, days, venues and contacts open their usual cards; other passages as excerpts. */
async function openSource(ctx: BotContext, key: string): Promise<void> {
  const { answers, scenario, clock } = ctx.deps;
  const passage = answers.passage(key, ctx.lang, ctx.viewer);
  if (!passage) return void (await ctx.answerCallbackQuery({ text: ctx.t("answers.staleSource") }));
  await ctx.answerCallbackQuery();
  const visit = scenario.visit;
  const [kind, id] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  if (kind === "event") {
    const event = eventById(visit, id);
    if (event) {
      const view = renderEvent(visit, event, reader(ctx));
      return replyHtml(ctx, view.html, view.keyboard);
    }
  }
  if (kind === "day") {
    const view = renderDay(visit, Math.min(Number(id), visit.days.length - 1), reader(ctx), clock.now());
    return replyHtml(ctx, view.html, view.keyboard);
  }
  if (kind === "venue") {
    const venue = visit.venues.find((v) => v.id === id);
    if (venue) {
      await ctx.replyWithVenue(venue.location.lat, venue.location.lon, pick(venue.name, ctx.lang).slice(0, 256), pick(venue.address, ctx.lang).slice(0, 256));
      return replyHtml(ctx, renderVenueDetail(venue, reader(ctx)));
    }
  }
  if (kind === "contact") {
    const contact = visibleContacts(visit, reader(ctx)).find((c) => c.id === id);
    if (contact) {
      const names = contactCardNames(contact, reader(ctx));
      return void (await ctx.replyWithContact(contact.phone, names.first_name, names.last_name ? { last_name: names.last_name } : {}));
    }
  }
  const original = answers.original(key, ctx.lang, ctx.viewer);
  const showOriginal = original && (original.lang !== sourceLangOf(ctx.lang) || original.lang !== passage.lang) ? original.lang : undefined;
  const view = renderExcerpt(passage, ctx.t, showOriginal);
  return replyHtml(ctx, view.html, view.keyboard);
}
