// /start, /lang and "who are you": buttons only, so a typed question is never swallowed by onboarding.
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../context.ts";
import { LANGS, pick, type Lang } from "../../domain/language.ts";
import { decode, encode } from "../keyboards/callback-data.ts";
import { replyHtml, showHtml } from "../reply.ts";
import { escapeHtml } from "../html.ts";
import { sendDay } from "./agenda.ts";
import { sendTodayCard } from "../../delivery/today-card.ts";
import { setChatCommands } from "../commands.ts";

export const onboarding = new Composer<BotContext>();

const LANG_LABELS: Record<Lang, string> = {
  ru: "Русский",
  "sr-Cyrl": "Српски (ћирилица)",
  "sr-Latn": "Srpski (latinica)",
  en: "English",
};

export function languageKeyboard(current: Lang): InlineKeyboard {
  const kb = new InlineKeyboard();
  LANGS.forEach((lang, i) => {
    kb.text(`${lang === current ? "✓ " : ""}${LANG_LABELS[lang]}`, encode({ kind: "lang", lang }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

function identityKeyboard(ctx: BotContext): InlineKeyboard {
  const fromId = ctx.from?.id;
  // People bound to a Telegram account in the scenario can only be claimed by that account.
  const claimable = ctx.deps.scenario.visit.people.filter(
    (p) => p.delegate && (p.telegramId === undefined || p.telegramId === fromId),
  );
  return InlineKeyboard.from([
    ...claimable.map((p) => [InlineKeyboard.text(pick(p.name, ctx.lang).slice(0, 60), encode({ kind: "me", personId: p.id }))]),
    [InlineKeyboard.text(ctx.t("onboarding.guest"), encode({ kind: "me", personId: null }))],
  ]);
}

/** Ensures the user has a profile (first contact), keeping a guessed language until they choose. */
async function ensureProfile(ctx: BotContext): Promise<void> {
  if (ctx.profile || !ctx.from || !ctx.chat) return;
  const now = ctx.deps.clock.now();
  ctx.profile = {
    userId: ctx.from.id, chatId: ctx.chat.id, lang: ctx.lang, langChosen: false,
    onboarded: false, firstSeen: now, lastSeen: now,
  };
  await ctx.deps.users.put(ctx.profile);
}

const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

onboarding.command("start", async (ctx) => {
  const payload = ctx.match.trim();
  if (payload && !PAYLOAD.test(payload)) ctx.deps.logger.info({ userId: ctx.from?.id }, "start: invalid deep-link payload ignored");
  await ensureProfile(ctx);
  const visit = ctx.deps.scenario.visit;
  const html =
    `${ctx.t("onboarding.welcome", { title: pick(visit.title, ctx.lang) })}\n\n${ctx.t("onboarding.chooseLanguage")}`;
  await replyHtml(ctx, html, languageKeyboard(ctx.lang));
});

onboarding.command(["lang", "language"], async (ctx) => {
  await ensureProfile(ctx);
  await replyHtml(ctx, ctx.t("onboarding.chooseLanguage"), languageKeyboard(ctx.lang));
});

onboarding.command(["me", "whoami"], async (ctx) => {
  await ensureProfile(ctx);
  await replyHtml(ctx, identityPrompt(ctx), identityKeyboard(ctx));
});

function identityPrompt(ctx: BotContext): string {
  const person = ctx.deps.scenario.visit.people.find((p) => p.id === ctx.profile?.personId);
  const current = person
    ? ctx.t("onboarding.currentlyPerson", { name: pick(person.name, ctx.lang) })
    : ctx.t("onboarding.currentlyGuest");
  return `${ctx.t("onboarding.whoAreYou")}\n<i>${current}</i>`;
}

onboarding.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  if (cb?.kind === "lang") {
    await ensureProfile(ctx);
    ctx.lang = cb.lang;
    ctx.t = ctx.deps.i18n.t(cb.lang);
    ctx.profile = (await ctx.deps.users.update(ctx.from.id, { lang: cb.lang, langChosen: true })) ?? ctx.profile;
    await ctx.answerCallbackQuery({ text: ctx.t("onboarding.languageSet") });
    await setChatCommands(ctx);
    await showHtml(ctx, `✓ ${escapeHtml(LANG_LABELS[cb.lang])}`);
    if (ctx.profile && !ctx.profile.onboarded) return replyHtml(ctx, identityPrompt(ctx), identityKeyboard(ctx));
    return;
  }
  if (cb?.kind === "identity") {
    await ctx.answerCallbackQuery();
    return replyHtml(ctx, identityPrompt(ctx), identityKeyboard(ctx));
  }
  if (cb?.kind === "me") {
    await ensureProfile(ctx);
    const person = cb.personId ? ctx.deps.scenario.visit.people.find((p) => p.id === cb.personId) : undefined;
    const allowed = person && person.delegate && (person.telegramId === undefined || person.telegramId === ctx.from.id);
    if (cb.personId && !allowed) return ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
    ctx.profile = (await ctx.deps.users.update(ctx.from.id, { personId: person?.id, onboarded: true })) ?? ctx.profile;
    ctx.viewer = { ...ctx.viewer, personId: person?.id };
    await ctx.answerCallbackQuery();
    const text = person
      ? ctx.t("onboarding.hello", { name: pick(person.name, ctx.lang) })
      : ctx.t("onboarding.helloGuest");
    await showHtml(ctx, `${text}\n\n${ctx.t("onboarding.whatICanDo")}`);
    await sendDay(ctx, 0);
    return sendTodayCard(ctx);
  }
  return next();
});
