// HTML views of grounded answers: the answer with its numbered sources, the honest decline, excerpts.
import { InlineKeyboard } from "grammy";
import type { Lang, SourceLang } from "../../domain/language.ts";
import type { Contact } from "../../domain/visit.ts";
import type { Answer, Source } from "../../knowledge/answer.ts";
import { passageText, type Passage } from "../../knowledge/passage.ts";
import { escapeHtml } from "../html.ts";
import type { Translate } from "../i18n.ts";
import { encode } from "../keyboards/callback-data.ts";

const BUTTON_MAX = 48;
const plain = { interpolation: { escapeValue: false } };

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A source's label as a reader sees it: "Programme, day 1", "Venue: Hotel Minsk", a document's title. */
export function sourceLabel(s: Source, t: Translate): string {
  switch (s.kind) {
    case "event":
    case "day":
      return s.day !== undefined ? t("answers.source.event", { n: s.day + 1 }) : t("answers.source.programme");
    case "venue":
      return t("answers.source.venue", { name: s.title, ...plain });
    case "contact":
      return t("answers.source.contact", { name: s.title, ...plain });
    case "person":
      return t("answers.source.person", { name: s.title, ...plain });
    case "visit":
      return t("answers.source.visit");
    case "document":
      return t("answers.source.document", { title: s.title, ...plain });
  }
}

function languageName(lang: SourceLang, t: Translate): string {
  return t(`answers.language.${lang}`);
}

/** Callback data for a button, or undefined when it would not fit Telegram's 64 bytes (a very long id). */
function data(cb: Parameters<typeof encode>[0]): string | undefined {
  try {
    return encode(cb);
  } catch {
    return undefined;
  }
}

function sourceButtons(sources: readonly Source[], t: Translate, lang: Lang): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const s of sources) {
    const open = data({ kind: "source", key: s.key, lang });
    if (open) kb.text(shorten(`[${s.n}] ${sourceLabel(s, t)}`, BUTTON_MAX), open).row();
    const original = s.originalLang ? data({ kind: "original", key: s.key, lang }) : undefined;
    if (original && s.originalLang) kb.text(`📄 ${t("answers.showOriginal", { language: languageName(s.originalLang, t) })}`, original).row();
  }
  return kb;
}

function liaisonLines(liaison: Contact | undefined, lang: Lang, t: Translate, pick: (c: Contact, l: Lang) => string): string[] {
  if (!liaison) return [t("answers.noLiaison")];
  const lines = [t("answers.askLiaison", { name: pick(liaison, lang), phone: liaison.phone })];
  if (liaison.telegram) lines.push(t("answers.askLiaisonTelegram", { username: `@${liaison.telegram.replace(/^@/, "")}` }));
  return lines;
}

/** The reply to a question: the answer (or decline) in HTML, and its buttons. */
export function renderAnswer(
  answer: Answer,
  t: Translate,
  contactName: (c: Contact, l: Lang) => string,
): { html: string; keyboard: InlineKeyboard } {
  const parts: string[] = [];
  if (answer.note) parts.push(`<i>${t(`answers.${answer.note}`)}</i>`);
  const askHuman = data({ kind: "askHuman", lang: answer.lang })!;
  if (answer.kind === "decline") {
    parts.push(t("answers.notFound"));
    parts.push(liaisonLines(answer.liaison, answer.lang, t, contactName).join("\n"));
    return { html: parts.join("\n\n"), keyboard: new InlineKeyboard().text(`🙋 ${t("answers.askPerson")}`, askHuman) };
  }
  const body = escapeHtml(answer.text);
  parts.push(answer.foundIn ? `<i>${t("answers.otherLanguage", { language: languageName(answer.foundIn, t) })}</i>\n${body}` : body);
  const list = answer.sources.map((s) => `[${s.n}] ${escapeHtml(sourceLabel(s, t))}`).join("\n");
  parts.push(`<i>${t("answers.sourcesHeader")}:</i>\n${list}`);
  const keyboard = sourceButtons(answer.sources, t, answer.lang).text(`🙋 ${t("answers.askPerson")}`, askHuman);
  return { html: parts.join("\n\n"), keyboard };
}

/** An excerpt a source button opens (documents, people, the visit summary), with "show original" when useful. */
export function renderExcerpt(p: Passage, t: Translate, lang: Lang, originalLang?: SourceLang): { html: string; keyboard?: InlineKeyboard } {
  const title = p.document?.title ?? p.title;
  const lines = [`<b>${t("answers.excerptFrom", { title })}</b>`];
  if (p.heading) lines.push(`<i>${escapeHtml(p.heading)}</i>`);
  lines.push("", escapeHtml(passageText(p)));
  const original = originalLang ? data({ kind: "original", key: p.key, lang }) : undefined;
  const keyboard = original && originalLang
    ? new InlineKeyboard().text(`📄 ${t("answers.showOriginal", { language: languageName(originalLang, t) })}`, original)
    : undefined;
  return { html: lines.join("\n"), ...(keyboard ? { keyboard } : {}) };
}

/** The same excerpt in the document's original language. */
export function renderOriginal(p: Passage, t: Translate): string {
  const head = t("answers.originalHeader", { language: languageName(p.lang, t), title: p.document?.title ?? p.title });
  const lines = [`<b>${head}</b>`];
  if (p.heading) lines.push(`<i>${escapeHtml(p.heading)}</i>`);
  lines.push("", escapeHtml(passageText(p)));
  return lines.join("\n");
}

/** Streaming preview: the model's text so far, citations and all, escaped. */
export function renderPartial(text: string): string {
  return `${escapeHtml(text)} …`;
}
