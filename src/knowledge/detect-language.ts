// Which language variant a question is written in: letters unique to an alphabet first, then function words.
import type { Lang } from "../domain/language.ts";
import { basicFold, foldSerbian, words } from "./normalize.ts";

// Letters one language has and the other lacks. Serbian Cyrillic has no ё й щ ъ ы ь э ю я.
const SERBIAN_CYRILLIC_ONLY = /[ђјљњћџ]/;
const RUSSIAN_ONLY = /[ёйщъыьэюя]/;
const SERBIAN_LATIN_ONLY = /[čćžšđ]/;

// Frequent words of questions, for texts whose letters do not decide. Serbian words are in folded Latin.
const RUSSIAN_WORDS = new Set(
  `где когда кто что как сколько во в на у и а ли не это мне нам нас нужно надо можно завтра сегодня
  послезавтра будет есть обед ужин встреча встречает министерство гостиница телефон номер адрес
  какой какая какие который время часов день дне делегация делегацию переводчик водитель едем`.split(/\s+/),
);
const SERBIAN_WORDS = new Set(
  `gde gdje kada kad ko sta kako koliko je li da se u na i a ne to mi nam nas treba moze sutra danas
  prekosutra bice ima rucak vecera sastanak ministarstvo ministarstvu hotel telefon broj adresa koji koja
  koje vreme sati dan dana delegacija delegaciju prevodilac vozac idemo od do za sa kod posle pre jos
  kome cemu gospodin ljudi koristi srbiji`.split(/\s+/),
);
const ENGLISH_WORDS = new Set(
  `where when who what how many much is are the a an of to in on at for and do does did will be there
  tomorrow today lunch dinner meeting ministry hotel phone number address which time day delegation
  interpreter driver we our my me i you it its can should need from with after before`.split(/\s+/),
);

export interface DetectedLanguage {
  lang: Lang;
  /** "letters" when the alphabet decided, "words" when function words did, "fallback" for the user's setting. */
  by: "letters" | "words" | "fallback";
}

/**
 * The variant of `text`. Cyrillic: ru vs sr-Cyrl; Latin: sr-Latn vs en. Too short or mixed texts
 * fall back to the user's setting (within the detected script when there is one).
 */
export function detectLanguage(text: string, setting: Lang): DetectedLanguage {
  const lower = text.normalize("NFC").toLowerCase();
  const cyrillic = (lower.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (lower.match(/\p{Script=Latin}/gu) ?? []).length;
  if (cyrillic === 0 && latin === 0) return { lang: setting, by: "fallback" };
  // Mixed texts (a Cyrillic question quoting a Latin name, or the reverse) go by the dominant script.
  if (cyrillic >= latin) return detectCyrillic(lower, setting);
  return detectLatin(lower, setting);
}

/** Letters count double: a word with ђ or ы says more than a function word shared by two languages. */
const LETTER_WEIGHT = 2;

function detectCyrillic(lower: string, setting: Lang): DetectedLanguage {
  const tokens = words(lower);
  const srLetters = tokens.filter((w) => SERBIAN_CYRILLIC_ONLY.test(w)).length;
  const ruLetters = tokens.filter((w) => RUSSIAN_ONLY.test(w)).length;
  const sr = LETTER_WEIGHT * srLetters + tokens.filter((w) => SERBIAN_WORDS.has(foldSerbian(w))).length;
  const ru = LETTER_WEIGHT * ruLetters + tokens.filter((w) => RUSSIAN_WORDS.has(basicFold(w))).length;
  const by = srLetters + ruLetters > 0 ? "letters" : "words";
  if (ru > sr) return { lang: "ru", by };
  if (sr > ru) return { lang: "sr-Cyrl", by };
  const fallback: Lang = setting === "sr-Latn" || setting === "sr-Cyrl" ? "sr-Cyrl" : "ru";
  return { lang: setting === "ru" || setting === "sr-Cyrl" ? setting : fallback, by: "fallback" };
}

/** Serbian Latin vs English: diacritics count double, but an English question naming "Đorđević" stays English. */
function detectLatin(lower: string, setting: Lang): DetectedLanguage {
  const tokens = words(lower.replace(/['’]s\b/g, ""));
  const srLetters = tokens.filter((w) => SERBIAN_LATIN_ONLY.test(w)).length;
  const en = tokens.filter((w) => ENGLISH_WORDS.has(w)).length;
  const srWords = tokens.filter((w) => SERBIAN_WORDS.has(foldSerbian(w))).length;
  const sr = LETTER_WEIGHT * srLetters + srWords;
  // Diacritics in a name do not make a question Serbian when its function words are English.
  if (en >= 2 && en > srWords) return { lang: "en", by: "words" };
  if (sr > en) return { lang: "sr-Latn", by: srLetters > 0 ? "letters" : "words" };
  if (en > sr) return { lang: "en", by: "words" };
  const fallback: Lang = setting === "sr-Cyrl" || setting === "sr-Latn" ? "sr-Latn" : "en";
  return { lang: fallback, by: "fallback" };
}
