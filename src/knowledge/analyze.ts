// Words → index terms per source language: stop words dropped, Snowball stems (ru, sr, en), scripts folded.
import { stemmer as stemRussian } from "@orama/stemmers/russian";
import { stemmer as stemSerbian } from "@orama/stemmers/serbian";
import { stemmer as stemEnglish } from "@orama/stemmers/english";
import { stopwords as russianStopwords } from "@orama/stopwords/russian";
import { stopwords as englishStopwords } from "@orama/stopwords/english";
import type { SourceLang } from "../domain/language.ts";
import { basicFold, foldDiacritics, foldSerbian, withParts, words } from "./normalize.ts";

/**
 * Serbian stop words, written once in folded Latin (see foldSerbian), so they match both scripts and
 * text typed without diacritics. @orama/stopwords' Serbian list is mis-encoded (æ for ć), hence our own.
 */
const SERBIAN_STOPWORDS = `a ako ali bi bih bila bile bili bilo bio biti bice bude budu da do dok gde gdje ga
  i ih ili im ima imam imamo imate iz ja je jer jes jeste jos ju kad kada kako kao kod koga koja koje koji kojoj
  kojem kojim kojih kom ko li me meni mi mnom moj moja moje mogu moze mozete mu na nam nama nas nasa nase nasi ne
  neki nesto ni nije nisu njega njemu njen njena njih njoj o od on ona one oni ono onu ova ovaj ove ovde ovi ovo
  pa po pod pre preko sa sam sami se si smo su sta ste svi sve svoj svoja svoje ta taj tamo te ti to toj tu u uz
  vam vama vas vasa vase vi za zar zasto koliko molim recite reci kazite kazi treba trebam trebaju`;

// Politeness and question scaffolding that carries no topic (added to the libraries' lists).
const EXTRA: Record<SourceLang, string> = {
  ru: "пожалуйста подскажите скажите расскажите можно нужно надо ли это этот эта эти также",
  sr: "",
  en: "please tell could would can i me my we our us does do did also",
};

const STOPWORDS: Record<SourceLang, Set<string>> = {
  ru: new Set([...russianStopwords.map((w) => basicFold(w)), ...EXTRA.ru.split(" ")]),
  sr: new Set(SERBIAN_STOPWORDS.split(/\s+/).filter(Boolean)),
  en: new Set([...englishStopwords, ...EXTRA.en.split(" ")]),
};

/** The form a word is compared in for this language (before stemming). */
export function foldWord(word: string, lang: SourceLang): string {
  const lower = basicFold(word);
  switch (lang) {
    case "sr":
      return foldSerbian(lower);
    case "en":
      return foldDiacritics(lower);
    case "ru":
      return lower;
  }
}

export function isStopword(word: string, lang: SourceLang): boolean {
  return STOPWORDS[lang].has(foldWord(word, lang));
}

/**
 * One word's index term. Serbian is folded first (Cyrillic → Latin, diacritics dropped) and then stemmed
 * with Snowball's Serbian stemmer, so "обучем", "obučem" and "obucem" take the same path and meet.
 */
export function stemWord(word: string, lang: SourceLang): string {
  const lower = basicFold(word);
  if (/^\d/.test(lower)) return lower;
  switch (lang) {
    case "ru":
      return stemRussian(lower);
    case "en":
      return stemEnglish(foldDiacritics(lower));
    case "sr":
      return stemSerbianFolded(foldSerbian(lower));
  }
}

// Consonant endings that are inflections (instrumental -om/-em/-im, adjective -og/-eg/-ih, dative -am…).
const SERBIAN_CONSONANT_ENDINGS = /(om|em|im|og|eg|ih|am|ov|ev)$/;

/**
 * Snowball's Serbian stemmer on a folded word, with two corrections that keep a noun's forms together:
 * a bare masculine nominative (ends in a consonant that is no inflection) is its own stem, where Snowball
 * would cut "hotel" to "hote" but "hotela" to "hotel"; and the fleeting a of "-ak"/"-ac" drops, so
 * "ručak" meets "ručka" and "sastanak" meets "sastanka".
 */
export function stemSerbianFolded(folded: string): string {
  if (/[bcdfghjklmnprstvz]$/.test(folded) && !SERBIAN_CONSONANT_ENDINGS.test(folded)) {
    return folded.length > 4 ? folded.replace(/([bcdfghjklmnprstvz])a([kc])$/, "$1$2") : folded;
  }
  return stemSerbian(folded);
}

const cache: Record<SourceLang, Map<string, string | null>> = { ru: new Map(), sr: new Map(), en: new Map() };

/** The term for a word, or null for a stop word; memoised (the vocabulary of a visit is small). */
export function termOf(word: string, lang: SourceLang): string | null {
  const memo = cache[lang];
  let term = memo.get(word);
  if (term === undefined) {
    term = isStopword(word, lang) ? null : stemWord(word, lang);
    if (memo.size > 50_000) memo.clear();
    memo.set(word, term);
  }
  return term;
}

/** Index terms of a text: every word and the parts of hyphenated words, stop words dropped. */
export function analyze(text: string, lang: SourceLang): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    // English possessives ("tomorrow's") index as the noun itself.
    const bare = lang === "en" ? word.replace(/['’]s$/i, "") : word;
    const parts = withParts(bare);
    for (let i = 0; i < parts.length; i++) {
      // A one-letter part of a hyphenated word ("e" of "e-uprava") is noise on its own.
      if (i > 0 && parts[i]!.length < 2 && !/\d/.test(parts[i]!)) continue;
      const term = termOf(parts[i]!, lang);
      if (term) terms.push(term);
    }
  }
  return terms;
}
