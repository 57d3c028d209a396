// Free-form questions answered from the visit documents (grounded answers), and their source buttons.
import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../context.ts";
import { pick, type Lang } from "../../domain/language.ts";
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
import { detectLanguage } from "../../knowledge/detect-language.ts";
import { startHandover } from "./handover.ts";

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

// Runs after the commands of every other feature: a message starting with "/" is theirs (or fallback's).
ask.on("message:text", async (ctx, next) => {
  const question = ctx.message.text.trim();
  if (question.startsWith("/")) return next();
  const { deps } = ctx;
  const now = deps.clock.now();
  // Refusals speak the language of the question too.
  const t = () => deps.i18n.t(detectLanguage(question.slice(0, MAX_QUESTION_LENGTH), ctx.lang).lang);
  if (question.length > MAX_QUESTION_LENGTH) {
    // Nothing is lost: the delegate gets the text back to shorten and resend.
    const echo = `<code>${escapeHtml(question)}</code>`;
    return replyHtml(ctx, `${t()("answers.tooLong", { length: question.length, max: MAX_QUESTION_LENGTH })}\n\n${echo}`);
  }
  if (!limiter(deps).take(ctx.from.id, now)) {
    return replyHtml(ctx, t()("answers.rateLimited", { limit: QUESTIONS_PER_MINUTE }));
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
  if (cb?.kind === "source") return openSource(ctx, cb.key, cb.lang ?? ctx.lang);
  if (cb?.kind === "original") {
    const lang = cb.lang ?? ctx.lang;
    const t = ctx.deps.i18n.t(lang);
    const original = ctx.deps.answers.original(cb.key, lang, ctx.viewer);
    if (!original) return ctx.answerCallbackQuery({ text: t("answers.staleSource") });
    await ctx.answerCallbackQuery();
    return replyHtml(ctx, renderOriginal(original, t));
  }
  if (cb?.kind === "askHuman") {
    await ctx.answerCallbackQuery();
    const lang = cb.lang ?? ctx.lang;
    // The delegate writes to the organizers through the bot; the liaison's card when no organizer is reachable.
    if (await startHandover(ctx, lang)) return;
    const t = ctx.deps.i18n.t(lang);
    const liaison = ctx.deps.answers.liaison(ctx.viewer);
    if (!liaison) return replyHtml(ctx, t("answers.noLiaison"));
    await replyHtml(ctx, t("answers.personCard"));
    const names = contactCardNames(liaison, { lang, t, viewer: ctx.viewer });
    return void (await ctx.replyWithContact(liaison.phone, names.first_name, names.last_name ? { last_name: names.last_name } : {}));
  }
  return next();
});

/**
 * A source button: events, days, venues and contacts open their usual cards, other passages as excerpts,
 * all in the language the answer was given in.
 */
async function openSource(ctx: BotContext, key: string, lang: Lang): Promise<void> {
  const { answers, scenario, clock, i18n } = ctx.deps;
  const t = i18n.t(lang);
  const r: Reader = { lang, t, viewer: ctx.viewer };
  const passage = answers.passage(key, lang, ctx.viewer);
  if (!passage) return void (await ctx.answerCallbackQuery({ text: t("answers.staleSource") }));
  await ctx.answerCallbackQuery();
  const visit = scenario.visit;
  const [kind, id] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  if (kind === "event") {
    const event = eventById(visit, id);
    if (event) {
      const view = renderEvent(visit, event, r);
      return replyHtml(ctx, view.html, view.keyboard);
    }
  }
  if (kind === "day") {
    const view = renderDay(visit, Math.min(Number(id), visit.days.length - 1), r, clock.now());
    return replyHtml(ctx, view.html, view.keyboard);
  }
  if (kind === "venue") {
    const venue = visit.venues.find((v) => v.id === id);
    if (venue) {
      await ctx.replyWithVenue(venue.location.lat, venue.location.lon, pick(venue.name, lang).slice(0, 256), pick(venue.address, lang).slice(0, 256));
      return replyHtml(ctx, renderVenueDetail(venue, r));
    }
  }
  if (kind === "contact") {
    const contact = visibleContacts(visit, r).find((c) => c.id === id);
    if (contact) {
      const names = contactCardNames(contact, r);
      return void (await ctx.replyWithContact(contact.phone, names.first_name, names.last_name ? { last_name: names.last_name } : {}));
    }
  }
  const original = answers.original(key, lang, ctx.viewer);
  const showOriginal = original && (original.lang !== sourceLangOf(lang) || original.lang !== passage.lang) ? original.lang : undefined;
  const view = renderExcerpt(passage, t, lang, showOriginal);
  return replyHtml(ctx, view.html, view.keyboard);
}
