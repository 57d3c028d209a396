// Text normalisation for retrieval: case, ё→е, Serbian script folding, diacritics, word splitting.
import { cyrillicToLatin } from "../domain/translit.ts";

/** Lower case, ё→е, NFC; typographic quotes and dashes become plain ones. */
export function basicFold(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[«»„“”‟"]/g, " ")
    .replace(/[‐‑‒–—―]/g, "-");
}

// Serbian Latin letters with diacritics as typed on a keyboard without them (đ is often written "dj").
const SERBIAN_ASCII: Record<string, string> = { č: "c", ć: "c", ž: "z", š: "s", đ: "dj" };

/**
 * Folds Latin text to plain ASCII letters: Serbian č ć ž š đ as typed without diacritics,
 * then any other combining mark removed (é → e). Cyrillic is left alone (й stays й).
 */
export function foldDiacritics(text: string): string {
  const serbian = text.replace(/[čćžšđ]/g, (ch) => SERBIAN_ASCII[ch]!);
  return serbian.normalize("NFD").replace(/(\p{Script=Latin})\p{M}+/gu, "$1").normalize("NFC");
}

/**
 * One search form for Serbian in either script: Cyrillic is transliterated to Latin and diacritics
 * dropped, so "Ручак", "Ručak" and "rucak" all become "rucak".
 */
export function foldSerbian(text: string): string {
  return foldDiacritics(cyrillicToLatin(basicFold(text)));
}

/** Words (letters and digits, inner hyphens and apostrophes kept: "e-uprava", "IT-услуг"). */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Splits a hyphenated word into its parts as well ("e-upravu" → "e-upravu", "e", "upravu"). */
export function withParts(word: string): string[] {
  if (!/['’-]/.test(word)) return [word];
  return [word, ...word.split(/['’-]/).filter((p) => p.length > 0)];
}

const SENTENCE_SEGMENTERS = new Map<string, Intl.Segmenter>();

/** Sentences by ICU's rules for the language (abbreviations such as "ул." or "St." are handled there). */
export function sentences(text: string, locale: string): string[] {
  let seg = SENTENCE_SEGMENTERS.get(locale);
  if (!seg) {
    seg = new Intl.Segmenter(locale, { granularity: "sentence" });
    SENTENCE_SEGMENTERS.set(locale, seg);
  }
  return [...seg.segment(text)].map((s) => s.segment.trim()).filter((s) => s.length > 0);
}
