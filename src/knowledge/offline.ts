// The answer without a language model: quote the passage that covers the question, or decline honestly.
import type { Lang } from "../domain/language.ts";
import type { Viewer } from "../domain/agenda.ts";
import { sourceOf, type Answer } from "./answer.ts";
import { extractSentences, satisfies } from "./extract.ts";
import { liaisonFor, type KnowledgeBase } from "./knowledge-base.ts";
import { forReader, sourceLangOf } from "./passage.ts";
import type { Retrieval } from "./retrieve.ts";

/**
 * Share of the question's weight a passage must cover to be quoted. Set on the development half of
 * bench/eval/questions.yaml and checked on the held-out half (npm run eval).
 */
export const CONFIDENCE_THRESHOLD = 0.6;
/** How far down the ranking a passage that answers the asked kind of thing may be. */
const CANDIDATES = 3;

export function offlineAnswer(
  kb: KnowledgeBase,
  retrieval: Retrieval,
  question: string,
  lang: Lang,
  viewer: Viewer,
  threshold = CONFIDENCE_THRESHOLD,
): Answer {
  const top = retrieval.hits[0];
  for (const hit of retrieval.hits.slice(0, CANDIDATES)) {
    if (hit.coverage < threshold || (top && hit.score < top.score * 0.3)) continue;
    const passage = hit.passage;
    const index = kb.indices[passage.lang];
    const sentences = extractSentences(passage, question, retrieval.intents, index);
    if (sentences.length === 0 || !satisfies(retrieval.intents, sentences)) continue;
    const shown = forReader({ ...passage, sentences }, lang);
    const text = `${shown.sentences.map((s) => s.text).join(" ")} [1]`;
    return {
      kind: "answer",
      lang,
      text,
      sources: [sourceOf(kb, passage, 1, lang)],
      via: "offline",
      ...(passage.lang !== sourceLangOf(lang) ? { foundIn: passage.lang } : {}),
    };
  }
  return decline(kb, lang, viewer);
}

export function decline(kb: KnowledgeBase, lang: Lang, viewer: Viewer): Answer {
  const liaison = liaisonFor(kb, viewer);
  return { kind: "decline", lang, ...(liaison ? { liaison } : {}) };
}
