// The offline answer: the one or two sentences of a passage that answer the question, and whether they can.
import type { SourceLang } from "../domain/language.ts";
import { analyze } from "./analyze.ts";
import type { Intent } from "./cues.ts";
import type { LexicalIndex } from "./lexical-index.ts";
import type { Field, Passage, Sentence } from "./passage.ts";

/** Which lines of a structured passage answer which kind of question, most direct first. */
const FIELDS_FOR: Record<Intent, Field[]> = {
  where: ["venue", "address", "meeting", "entrance", "directions"],
  when: ["headline", "time", "meeting"],
  phone: ["phone", "contact", "interpreter"],
  who: ["contact", "interpreter", "role", "entrance", "description"],
  dress: ["dress"],
  transport: ["transport", "directions", "meeting"],
  howMany: [],
};

const PHONE = /(\+\d[\d\s()-]{5,}\d|\b\d{3}\b|@[A-Za-z][A-Za-z0-9_]{3,})/;
const DIGIT = /\d/;

/** What the chosen sentences must contain for the answer to be one (a phone for "what is the number"). */
export function satisfies(intents: ReadonlySet<Intent>, sentences: readonly Sentence[]): boolean {
  const text = sentences.map((s) => s.text).join(" ");
  if (intents.has("phone") && !PHONE.test(text)) return false;
  if ((intents.has("when") || intents.has("howMany")) && !DIGIT.test(text)) return false;
  return true;
}

// A passage's sentences never change, and the same passages answer many questions: their terms are kept.
const sentenceTerms = new WeakMap<Sentence, { lang: SourceLang; terms: string[] }>();

function termsOf(sentence: Sentence, lang: SourceLang): string[] {
  let known = sentenceTerms.get(sentence);
  if (!known || known.lang !== lang) {
    known = { lang, terms: [...new Set(analyze(sentence.text, lang))] };
    sentenceTerms.set(sentence, known);
  }
  return known.terms;
}

/** IDF-weighted overlap of a sentence with the question's terms (`prefixes`: those long enough to match as one). */
function overlap(sentence: Sentence, terms: ReadonlySet<string>, prefixes: readonly string[], lang: SourceLang, index: LexicalIndex): number {
  let score = 0;
  for (const t of termsOf(sentence, lang)) {
    if (terms.has(t) || prefixes.some((q) => t.startsWith(q))) score += index.idf(t);
  }
  return score;
}

/**
 * The sentences to quote from `passage` (in its own language, which the index analyses).
 * Structured passages: the headline and the line the question asks for; documents: the best one or two.
 */
export function extractSentences(
  passage: Passage,
  question: string,
  intents: ReadonlySet<Intent>,
  index: LexicalIndex,
): Sentence[] {
  const terms = new Set(analyze(question, passage.lang));
  const prefixes = [...terms].filter((q) => q.length >= 4);
  const scored = passage.sentences.map((s, i) => ({ s, i, score: overlap(s, terms, prefixes, passage.lang, index) }));
  if (passage.kind === "document") {
    const best = [...scored].sort((a, b) => b.score - a.score);
    const top = best[0];
    if (!top) return [];
    const second = best[1];
    const picked = second && second.score > 0 && second.score >= top.score * 0.6 ? [top, second] : [top];
    return picked.sort((a, b) => a.i - b.i).map((x) => x.s);
  }
  const headline = passage.sentences[0];
  const rest = scored.slice(1);
  let line: { s: Sentence; score: number } | undefined;
  for (const intent of intents) {
    for (const field of FIELDS_FOR[intent]) {
      const candidates = rest.filter((x) => x.s.field === field);
      const found = candidates.sort((a, b) => b.score - a.score)[0];
      if (found) {
        line = found;
        break;
      }
    }
    if (line) break;
  }
  if (!line) {
    const best = [...rest].sort((a, b) => b.score - a.score)[0];
    if (best && best.score > 0) line = best;
  }
  return [headline, line?.s].filter((s): s is Sentence => s !== undefined);
}
