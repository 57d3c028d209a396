// Announcements: the preview the /announce wizard ends in, Send once, the notice renderer, "show original".
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../context.ts";
import { LANGS, SOURCE_LANGS, pick, type SourceLang } from "../../../domain/language.ts";
import type { Audience, Visit } from "../../../domain/visit.ts";
import type { Translate } from "../../i18n.ts";
import { detectLanguage } from "../../../knowledge/detect-language.ts";
import { sourceLangOf } from "../../../knowledge/passage.ts";
import { DraftStore, type AnnouncementDraft } from "../../../storage/drafts.ts";
import { recipientsOf } from "../../../delivery/changes.ts";
import { announcementPayload, commitAnnouncement } from "../../../delivery/announcements.ts";
import { registerRenderer } from "../../../delivery/render.ts";
import { isErased } from "../../../delivery/outbox.ts";
import { originalLang, renderAnnouncement, type AnnouncementPayload } from "../../views/announcement.ts";
import { translate } from "../../conversations/translate.ts";
import { decode, encode } from "../../keyboards/callback-data.ts";
import { escapeHtml } from "../../html.ts";
import { replyHtml, showHtml } from "../../reply.ts";
import { auditAction } from "./audit.ts";

registerRenderer("announcement", (notice, to) => {
  const view = renderAnnouncement(notice.payload as AnnouncementPayload, to.lang, to.t);
  return { text: view.html, ...(view.keyboard ? { keyboard: view.keyboard } : {}) };
});

export const organizerAnnouncements = new Composer<BotContext>();

const drafts = (ctx: BotContext) => new DraftStore(ctx.deps.storage.namespace("drafts"));

/** The announcement's copies, as the organizer wrote them or machine-translated. */
export type Composed = Pick<AnnouncementDraft, "texts" | "original" | "machineTranslated">;

/** "ru: …", "sr: …", "en: …" lines: the organizer gave each language; undefined for a text in one language. */
export function givenCopies(text: string): Partial<Record<SourceLang, string>> | undefined {
  const tag = /^\s*(ru|sr|en)\s*:\s?/i;
  if (!tag.test(text)) return undefined;
  const copies: Partial<Record<SourceLang, string>> = {};
  let current: SourceLang | undefined;
  for (const line of text.split("\n")) {
    const m = tag.exec(line);
    if (m) {
      current = m[1]!.toLowerCase() as SourceLang;
      copies[current] = line.slice(m[0].length);
    } else if (current) copies[current] += `\n${line}`;
  }
  for (const l of SOURCE_LANGS) if (copies[l] !== undefined) copies[l] = copies[l]!.trim();
  return copies;
}

/** Above the wizard's 3000 for the original (translations run longer), with room for the title in one message. */
const TRANSLATION_MAX = 3600;

/** Detects the organizer's language and, with a model configured, translates into the other two. */
export async function composeAnnouncement(ctx: BotContext, text: string): Promise<Composed> {
  const given = givenCopies(text);
  if (given) return { texts: given, machineTranslated: false };
  const original = sourceLangOf(detectLanguage(text, ctx.lang).lang);
  const copies = await translate(ctx.deps, text, original, TRANSLATION_MAX);
  return { texts: { ...copies, [original]: text }, original, machineTranslated: copies !== undefined };
}

export function audienceLabel(visit: Visit, audience: Audience, ctx: Pick<BotContext, "lang" | "t">): string {
  if (audience.everyone) return ctx.t("announce.everyone");
  const names = [
    ...visit.groups.filter((g) => audience.groups.includes(g.id)).map((g) => pick(g.name, ctx.lang)),
    ...visit.people.filter((p) => audience.people.includes(p.id)).map((p) => pick(p.name, ctx.lang)),
  ];
  return names.join(", ");
}

/** Each language's copy as its readers will see it, who gets it, and Send / Cancel. Nothing goes out before Send. */
export async function previewAnnouncement(ctx: BotContext, audience: Audience, composed: Composed): Promise<void> {
  const visit = ctx.deps.scenario.visit;
  const draft = await drafts(ctx).create({ kind: "announcement", audience, ...composed }, ctx.from!.id, ctx.deps.clock.now());
  const payload = announcementPayload(draft as typeof draft & AnnouncementDraft);
  const recipients = await recipientsOf(ctx.deps, visit, { audience });
  await auditAction(ctx, "announce.preview", { announcementId: draft.id, audience, recipients: recipients.length });
  const names = recipients.map((r) => {
    const person = visit.people.find((p) => p.id === r.personId);
    return person ? pick(person.name, ctx.lang) : ctx.t("organizer.guestUser", { id: r.userId });
  });
  const blocks = LANGS.map((lang) => `<b>${lang}</b>\n${renderAnnouncement(payload, lang, ctx.deps.i18n.t(lang)).html}`);
  const html = [
    `<b>${ctx.t("announce.previewTitle")}</b>`,
    ...blocks,
    `${ctx.t("announce.audience", { audience: audienceLabel(visit, audience, ctx) })}\n` +
      ctx.t("organizer.recipients", { count: recipients.length }) + (names.length ? `\n${escapeHtml(names.join(", "))}` : ""),
  ].join("\n\n");
  const keyboard = new InlineKeyboard()
    .text(`📤 ${ctx.t("organizer.send")}`, encode({ kind: "draft", action: "send", draftId: draft.id }))
    .text(`✖️ ${ctx.t("organizer.discard")}`, encode({ kind: "draft", action: "drop", draftId: draft.id }));
  await replyHtml(ctx, html, keyboard);
}

organizerAnnouncements.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  if (cb?.kind === "announcementOriginal") return showOriginal(ctx, cb.announcementId);
  if (cb?.kind !== "draft") return next();
  const draft = await drafts(ctx).get(cb.draftId);
  if (!draft) {
    // Sent already (the draft goes on Send), or a change preview: the change handler decides.
    const sent = cb.action === "send" && (await ctx.deps.outbox.byBatch(cb.draftId)).some((n) => n.kind === "announcement");
    if (!sent) return next();
    return ctx.answerCallbackQuery({ text: ctx.t("announce.alreadySent"), show_alert: true });
  }
  if (draft.kind !== "announcement") return next();
  await ctx.answerCallbackQuery();
  if (cb.action === "drop") {
    await drafts(ctx).delete(draft.id);
    await auditAction(ctx, "announce.discard", { announcementId: draft.id });
    return showHtml(ctx, ctx.t("organizer.discarded"));
  }
  if (cb.action !== "send") return;
  const { recipients } = await commitAnnouncement(ctx.deps, draft);
  await drafts(ctx).delete(draft.id);
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  const sent = ctx.t("announce.sent", { count: recipients });
  if (recipients > 0) await ctx.deps.delivery.track(ctx.chat!.id, draft.id, ctx.lang, sent);
  else await replyHtml(ctx, sent);
});

/** The organizer's own words under a machine translation: for those it was sent to, and organizers. */
async function showOriginal(ctx: BotContext, announcementId: string): Promise<void> {
  const notices = await ctx.deps.outbox.byBatch(announcementId);
  const mine = notices.find((n) => n.kind === "announcement" && !isErased(n.payload) && (n.userId === ctx.from?.id || ctx.viewer.organizer));
  if (!mine) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") }));
  const payload = mine.payload as AnnouncementPayload;
  const lang = originalLang(payload);
  const text = payload.texts[lang] ?? "";
  const label = languageName(ctx.t, lang);
  // An alert holds 200 characters; a longer original comes as a message.
  if (text.length + label.length + 2 <= 200) return void (await ctx.answerCallbackQuery({ text: `${label}: ${text}`, show_alert: true }));
  await ctx.answerCallbackQuery();
  await replyHtml(ctx, `<i>${escapeHtml(label)}</i>\n\n${escapeHtml(text)}`);
}

const languageName = (t: Translate, lang: SourceLang) => String(t(`announce.original.${lang}`));
