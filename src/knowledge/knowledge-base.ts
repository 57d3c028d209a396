// The searchable form of a scenario: passages in ru, sr and en with one lexical index per language.
import { SOURCE_LANGS, type SourceLang } from "../domain/language.ts";
import type { Contact, Visit } from "../domain/visit.ts";
import { audienceIncludes, type Viewer } from "../domain/agenda.ts";
import type { Scenario } from "../scenario/load.ts";
import { LexicalIndex } from "./lexical-index.ts";
import type { Passage } from "./passage.ts";
import { documentPassages } from "./passages-documents.ts";
import { visitPassages, type Labels } from "./passages-visit.ts";

export interface KnowledgeBase {
  visit: Visit;
  passages: readonly Passage[];
  indices: Record<SourceLang, LexicalIndex>;
  /** key → language → passage */
  byKey: ReadonlyMap<string, ReadonlyMap<SourceLang, Passage>>;
}

export function buildKnowledgeBase(scenario: Scenario, labelsFor: (lang: SourceLang) => Labels): KnowledgeBase {
  const passages = [...visitPassages(scenario.visit, labelsFor), ...documentPassages(scenario.documents)];
  const byKey = new Map<string, Map<SourceLang, Passage>>();
  for (const p of passages) {
    let langs = byKey.get(p.key);
    if (!langs) byKey.set(p.key, (langs = new Map()));
    langs.set(p.lang, p);
  }
  const indices = Object.fromEntries(
    SOURCE_LANGS.map((lang) => [lang, new LexicalIndex(lang, passages.filter((p) => p.lang === lang))]),
  ) as Record<SourceLang, LexicalIndex>;
  return { visit: scenario.visit, passages, indices, byKey };
}

/** Whether this viewer may see a passage: events and contacts by audience, emergency numbers for all. */
export function visibleTo(visit: Visit, viewer: Viewer): (p: Passage) => boolean {
  return (p) => {
    if (p.emergency) return true;
    return p.audience === undefined || audienceIncludes(visit, p.audience, viewer);
  };
}

/** The passage for `key` in `lang`, or in the document's original language, or in any language. */
export function passageIn(kb: KnowledgeBase, key: string, lang: SourceLang): Passage | undefined {
  const langs = kb.byKey.get(key);
  if (!langs) return undefined;
  return langs.get(lang) ?? [...langs.values()].find((p) => p.document?.original) ?? langs.values().next().value;
}

/**
 * The excerpt of a document's original language that matches `p` (a chunk of a translation):
 * the chunk starting at the same paragraph, else the one at the same relative position.
 */
export function originalOf(kb: KnowledgeBase, p: Passage): Passage | undefined {
  if (!p.document) return undefined;
  if (p.document.original) return p;
  const doc = p.document;
  const originals = kb.passages.filter((x) => x.document?.id === doc.id && x.document.original);
  if (originals.length === 0) return undefined;
  const sameBlock = originals.find((x) => x.document!.block === doc.block);
  if (sameBlock) return sameBlock;
  const position = Math.round((doc.chunk / Math.max(1, doc.chunks - 1)) * (originals.length - 1));
  return originals[Math.min(originals.length - 1, Math.max(0, position))];
}

/** The liaison officer (the contact with role "liaison") this viewer may see, if any. */
export function liaisonFor(kb: KnowledgeBase, viewer: Viewer): Contact | undefined {
  return kb.visit.contacts.find((c) => c.role === "liaison" && (c.emergency || audienceIncludes(kb.visit, c.audience, viewer)));
}
