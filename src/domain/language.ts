// The four language variants a delegate can read, and how scenario texts (ru, sr, en) map onto them.
import { cyrillicToLatin } from "./translit.ts";

export const LANGS = ["ru", "sr-Cyrl", "sr-Latn", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** A text given in the scenario in each source language; sr is Serbian Cyrillic. */
export interface LocalizedText {
  ru: string;
  sr: string;
  en: string;
}
export const SOURCE_LANGS = ["ru", "sr", "en"] as const;
export type SourceLang = (typeof SOURCE_LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** The text a reader of `lang` sees: Serbian Latin is always derived from the Cyrillic. */
export function pick(text: LocalizedText, lang: Lang): string {
  switch (lang) {
    case "ru":
      return text.ru;
    case "en":
      return text.en;
    case "sr-Cyrl":
      return text.sr;
    case "sr-Latn":
      return cyrillicToLatin(text.sr);
  }
}

/** The BCP 47 tag used for Intl formatting (dates, plurals, collation). */
export function intlLocale(lang: Lang): string {
  return lang === "en" ? "en-GB" : lang;
}

/** Telegram's language_code is a first guess: sr/hr/bs/sh clients get Serbian, Latin unless Cyrillic is explicit. */
export function guessLang(languageCode: string | undefined): Lang {
  const code = (languageCode ?? "").toLowerCase();
  if (code.startsWith("ru") || code.startsWith("be") || code.startsWith("uk")) return "ru";
  if (code === "sr" || code.startsWith("sr-cyrl")) return "sr-Cyrl";
  if (code.startsWith("sr") || code.startsWith("hr") || code.startsWith("bs") || code.startsWith("sh") || code.startsWith("me"))
    return "sr-Latn";
  return "en";
}

/** Two-letter code Telegram expects for setMyCommands. */
export function telegramLanguageCode(lang: Lang): "ru" | "sr" | "en" {
  return lang === "ru" ? "ru" : lang === "en" ? "en" : "sr";
}
