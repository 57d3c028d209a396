// An organizers' announcement as one reader sees it: their language's copy (Serbian Latin transliterated),
// labelled when a machine translated it, or the original with a note of its language.
import { InlineKeyboard } from "grammy";
import type { Lang, SourceLang } from "../../domain/language.ts";
import { cyrillicToLatin } from "../../domain/translit.ts";
import { sourceLangOf } from "../../knowledge/passage.ts";
import { escapeHtml } from "../html.ts";
import type { Translate } from "../i18n.ts";
import { encode } from "../keyboards/callback-data.ts";

export interface AnnouncementPayload {
  announcementId: string;
  texts: Partial<Record<SourceLang, string>>;
  /** The language the organizer wrote in; absent when they gave every language themselves. */
  original?: SourceLang;
  machineTranslated: boolean;
}

/** The language whose copy stands in for a missing one: the organizer's own. */
export function originalLang(p: Pick<AnnouncementPayload, "texts" | "original">): SourceLang {
  return p.original ?? (Object.keys(p.texts)[0] as SourceLang | undefined) ?? "en";
}

export function renderAnnouncement(p: AnnouncementPayload, lang: Lang, t: Translate): { html: string; keyboard?: InlineKeyboard } {
  const source = sourceLangOf(lang);
  const own = p.texts[source];
  const original = originalLang(p);
  const lines = [`📢 <b>${t("announce.title")}</b>`];
  if (own === undefined) {
    lines.push(escapeHtml(p.texts[original] ?? ""), `<i>${t(`announce.writtenIn.${original}`)}</i>`);
    return { html: lines.join("\n\n") };
  }
  lines.push(escapeHtml(lang === "sr-Latn" ? cyrillicToLatin(own) : own));
  if (!p.machineTranslated || source === original) return { html: lines.join("\n\n") };
  lines.push(`<i>🤖 ${t("announce.machineTranslated")}</i>`);
  const keyboard = new InlineKeyboard().text(
    `🔤 ${t("announce.showOriginal")}`,
    encode({ kind: "announcementOriginal", announcementId: p.announcementId }),
  );
  return { html: lines.join("\n\n"), keyboard };
}
