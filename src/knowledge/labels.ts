// Passage labels ("Venue", "Dress code") in each source language, taken from the bot's locale files.
import type { SourceLang } from "../domain/language.ts";
import type { I18n } from "../bot/i18n.ts";
import { readerLangOf } from "./passage.ts";
import type { Labels } from "./passages-visit.ts";

/**
 * Labels are plain text inside passages, so i18next's HTML escaping is switched off here;
 * everything built from passages is escaped once, where it becomes a message.
 */
export function labelsFromI18n(i18n: I18n): (lang: SourceLang) => Labels {
  return (lang) => {
    const t = i18n.t(readerLangOf(lang));
    return (key, options) => String(t(key, { ...options, interpolation: { escapeValue: false } }));
  };
}
