// Follow-up questions ("and where is it?", "а где это?"): resolved against the delegate's previous turn.
import type { Lang } from "../domain/language.ts";
import { basicFold, foldSerbian, words } from "./normalize.ts";
import { analyze } from "./analyze.ts";
import { sourceLangOf } from "./passage.ts";

/** The previous question and what answered it, kept per user for a few minutes. */
export interface Turn {
  question: string;
  lang: Lang;
  /** Passage keys the answer came from, best first. */
  keys: string[];
  at: number;
}

export const TURN_TTL_MS = 10 * 60_000;
const MAX_WORDS = 6;

// Words that point back ("it", "there", "это", "тамо") and words that open a follow-up ("and", "а").
// Russian as written; Serbian in folded Latin (both scripts); English as written.
const ANAPHORS = new Set(
  `it its there that this them they then
  это этот эта там туда то тогда он она оно они его ее их
  to ta taj tamo onda on ona ono oni njega nje njih ovo ovaj ova`.split(/\s+/),
);
const OPENERS = new Set(["and", "also", "what", "а", "и", "еще", "a", "i", "jos", "sta"]);

const forms = (w: string) => [basicFold(w), foldSerbian(w)];

/**
 * True for a short question that leans on the previous one: it names nothing of its own ("and where?"),
 * points back with few words of its own ("where is it?"), or opens with "and" in a few words ("and the dress code?").
 */
export function isFollowUp(question: string, lang: Lang): boolean {
  const ws = words(question);
  if (ws.length === 0 || ws.length > MAX_WORDS) return false;
  const own = analyze(question, sourceLangOf(lang)).length;
  if (own === 0) return true;
  if (ws.some((w) => forms(w).some((f) => ANAPHORS.has(f))) && own <= 2) return true;
  return forms(ws[0]!).some((f) => OPENERS.has(f)) && ws.length <= 4;
}

/** The previous turn if `question` follows up on it and it is still fresh. */
export function contextFor(question: string, lang: Lang, previous: Turn | undefined, now: number): Turn | undefined {
  if (!previous || now - previous.at > TURN_TTL_MS) return undefined;
  return isFollowUp(question, lang) ? previous : undefined;
}
