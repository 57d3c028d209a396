// Retrieval: the question's language first, then the others; day and intent cues; optional dense fusion.
import { SOURCE_LANGS, type Lang, type SourceLang } from "../domain/language.ts";
import type { Viewer } from "../domain/agenda.ts";
import { analyze } from "./analyze.ts";
import { dayHintOf, intentsOf, INTENT_WORDS, type DayHint, type Intent } from "./cues.ts";
import { passageIn, visibleTo, type KnowledgeBase } from "./knowledge-base.ts";
import { sourceLangOf, type Passage } from "./passage.ts";

export interface RetrieveRequest {
  question: string;
  lang: Lang;
  viewer: Viewer;
  now: number;
  /** The previous turn, for a follow-up: its question is added to the query and its sources favoured. */
  context?: { question: string; keys: readonly string[] };
  /** Passage keys ranked by a dense (embedding) search, best first; fused by reciprocal rank. */
  dense?: readonly string[];
  limit?: number;
}

export interface RankedPassage {
  key: string;
  /** In the reader's source language when it exists there. */
  passage: Passage;
  score: number;
  coverage: number;
}

export interface Retrieval {
  hits: RankedPassage[];
  intents: Set<Intent>;
  dayHint?: DayHint;
}

/** How much a match in another language counts next to one in the question's language. */
const OTHER_LANGUAGE_WEIGHT = 0.35;
const RRF_K = 60;

const KIND_BOOST: Partial<Record<Intent, Partial<Record<Passage["kind"], number>>>> = {
  where: { venue: 1.3, event: 1.15, contact: 0.8 },
  when: { event: 1.25, day: 1.1 },
  phone: { contact: 1.6, person: 0.7 },
  who: { person: 1.2, contact: 1.2 },
  dress: { event: 1.3 },
  // "How do I get to X" is about a place: its directions first, an event's transport line next.
  transport: { venue: 1.5, event: 1.1 },
};

export function retrieve(kb: KnowledgeBase, req: RetrieveRequest): Retrieval {
  const primary = sourceLangOf(req.lang);
  const intents = intentsOf(req.question);
  const dayHint = dayHintOf(req.question, kb.visit, req.now);
  const dayWords = new Set(dayHint?.words ?? []);
  const own = req.question.split(/(\s+)/).filter((w) => !dayWords.has(w.replace(/[^\p{L}\p{N}'’-]/gu, ""))).join("");
  const query = req.context ? `${own} ${req.context.question}` : own;
  const allow = visibleTo(kb.visit, req.viewer);

  const scores = new Map<string, { score: number; coverage: number }>();
  for (const lang of [primary, ...SOURCE_LANGS.filter((l) => l !== primary)]) {
    const weight = lang === primary ? 1 : OTHER_LANGUAGE_WEIGHT;
    const soft = softTerms(lang);
    // Other languages share only names, numbers and loanwords with the question: exact matches suffice.
    for (const hit of kb.indices[lang].query(query, allow, { limit: 30, soft, exact: lang !== primary })) {
      const entry = scores.get(hit.passage.key) ?? { score: 0, coverage: 0 };
      entry.score += weight * hit.score;
      entry.coverage = Math.max(entry.coverage, lang === primary ? hit.coverage : 0.8 * hit.coverage);
      scores.set(hit.passage.key, entry);
    }
  }

  const favoured = new Set(req.context?.keys ?? []);
  let ranked = [...scores.entries()].map(([key, s]) => {
    const passage = passageIn(kb, key, primary)!;
    let score = s.score;
    for (const intent of intents) score *= KIND_BOOST[intent]?.[passage.kind] ?? 1;
    if (dayHint && passage.day !== undefined) score *= passage.day === dayHint.day ? 1.8 : 0.6;
    if (favoured.has(key)) score *= 1.5;
    return { key, passage, score, coverage: s.coverage };
  });
  ranked.sort((a, b) => b.score - a.score);
  if (req.dense && req.dense.length > 0) ranked = fuse(kb, ranked, req.dense, primary, allow);
  return { hits: ranked.slice(0, req.limit ?? 8), intents, ...(dayHint ? { dayHint } : {}) };
}

/** Reciprocal rank fusion of the lexical ranking with a dense one (keys the lexical side missed join in). */
function fuse(
  kb: KnowledgeBase,
  lexical: RankedPassage[],
  dense: readonly string[],
  lang: SourceLang,
  allow: (p: Passage) => boolean,
): RankedPassage[] {
  const fused = new Map<string, RankedPassage>();
  lexical.forEach((hit, rank) => fused.set(hit.key, { ...hit, score: 1 / (RRF_K + rank + 1) }));
  dense.forEach((key, rank) => {
    const passage = passageIn(kb, key, lang);
    if (!passage || !allow(passage)) return;
    const entry = fused.get(key) ?? { key, passage, score: 0, coverage: 0 };
    entry.score += 1 / (RRF_K + rank + 1);
    fused.set(key, entry);
  });
  return [...fused.values()].sort((a, b) => b.score - a.score);
}

const softCache = new Map<SourceLang, Set<string>>();

/** Terms of the cue words ("time", "адрес", "telefon"): they say what is asked, so missing them costs no confidence. */
function softTerms(lang: SourceLang): Set<string> {
  let soft = softCache.get(lang);
  if (!soft) {
    soft = new Set(analyze(INTENT_WORDS.join(" "), lang));
    softCache.set(lang, soft);
  }
  return soft;
}
