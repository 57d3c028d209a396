// Serbian Cyrillic → Latin transliteration (the official one-to-one mapping, with the three digraphs).
// Serbian Latin is never written by hand in Attaché: every sr-Latn text is derived from Cyrillic here.

const LOWER: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", ђ: "đ", е: "e", ж: "ž", з: "z", и: "i", ј: "j", к: "k",
  л: "l", љ: "lj", м: "m", н: "n", њ: "nj", о: "o", п: "p", р: "r", с: "s", т: "t", ћ: "ć", у: "u",
  ф: "f", х: "h", ц: "c", ч: "č", џ: "dž", ш: "š",
  // Letters of Russian names that slip into Serbian text (the validator warns about them).
  я: "ja", ю: "ju", ё: "jo", й: "j", ы: "y", э: "e", щ: "šč", ь: "", ъ: "",
};
/** Cyrillic letters that are not in the Serbian alphabet. */
export const NON_SERBIAN_CYRILLIC = /[яюёйыэщьъ]/iu;

const isUpperLetter = (ch: string | undefined): boolean =>
  ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();

const CYRILLIC = /[\u0400-\u04FF]/;
// The same scenario texts are transliterated for every sr-Latn reader and every Serbian search: remember them.
const MEMO_ENTRIES = 2000;
const MEMO_MAX_LENGTH = 1000;
const memo = new Map<string, string>();

/** Transliterates Serbian Cyrillic to Latin; anything else (Latin, digits, markup) passes through. */
export function cyrillicToLatin(text: string): string {
  if (!CYRILLIC.test(text)) return text;
  if (text.length > MEMO_MAX_LENGTH) return transliterate(text);
  let latin = memo.get(text);
  if (latin === undefined) {
    latin = transliterate(text);
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(text, latin);
  }
  return latin;
}

function transliterate(text: string): string {
  const chars = Array.from(text);
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const lower = ch.toLowerCase();
    const latin = LOWER[lower];
    if (latin === undefined) {
      out += ch;
      continue;
    }
    if (ch === lower) {
      out += latin;
      continue;
    }
    if (latin.length <= 1) {
      out += latin.toUpperCase();
      continue;
    }
    // A capital digraph (Љ, Њ, Џ) is all-caps inside an all-caps word (ЉУБАВ → LJUBAV), title-case otherwise.
    const next = chars[i + 1];
    const prev = chars[i - 1];
    const allCaps = isUpperLetter(next) || (!isLetter(next) && isUpperLetter(prev));
    out += allCaps ? latin.toUpperCase() : latin[0]!.toUpperCase() + latin.slice(1);
  }
  return out;
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /\p{L}/u.test(ch);
}

const LATIN_DIGRAPHS: Array<[RegExp, string]> = [
  [/dž/g, "џ"], [/lj/g, "љ"], [/nj/g, "њ"],
];
const LATIN_SINGLE: Record<string, string> = Object.fromEntries(
  Object.entries(LOWER)
    .filter(([cyr, latin]) => latin.length === 1 && !NON_SERBIAN_CYRILLIC.test(cyr))
    .map(([cyr, latin]) => [latin, cyr]),
);

/**
 * Folds Serbian Latin to Cyrillic for matching (search), lower-cased. Not for display:
 * "nj" in a foreign word (e.g. "konjunktura") is ambiguous, which does not matter for retrieval.
 */
export function latinToCyrillicFold(text: string): string {
  let s = text.toLowerCase();
  for (const [re, cyr] of LATIN_DIGRAPHS) s = s.replace(re, cyr);
  let out = "";
  for (const ch of s) out += LATIN_SINGLE[ch] ?? ch;
  return out;
}
