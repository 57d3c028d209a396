// What a question gets back: an answer with numbered sources, or an honest decline; never markup.
import type { Lang, SourceLang } from "../domain/language.ts";
import type { Contact } from "../domain/visit.ts";
import { originalOf, type KnowledgeBase } from "./knowledge-base.ts";
import { forReader, sourceLangOf, type Passage, type PassageKind } from "./passage.ts";

/** A passage an answer cites as [n]; the bot turns it into a button. */
export interface Source {
  n: number;
  key: string;
  kind: PassageKind;
  /** Title in the reader's variant (venue, contact or person name, document title). */
  title: string;
  /** Visit day index for events and days. */
  day?: number;
  /** The language of the document's original when the reader is shown another one. */
  originalLang?: SourceLang;
}

/** Why an answer carries a note: the model failed or its answer could not be checked. */
export type AnswerNote = "llmUnavailable" | "uncertain";

export type Answer =
  | {
      kind: "answer";
      lang: Lang;
      /** Plain text with [n] markers; the bot escapes it. */
      text: string;
      sources: Source[];
      via: "llm" | "offline";
      note?: AnswerNote;
      /** Set when the passage exists only in another language than the reader's. */
      foundIn?: SourceLang;
    }
  | { kind: "decline"; lang: Lang; liaison?: Contact; note?: AnswerNote };

/** The source entry for a passage as a reader of `lang` sees it. */
export function sourceOf(kb: KnowledgeBase, p: Passage, n: number, lang: Lang): Source {
  const shown = forReader(p, lang);
  const original = p.kind === "document" ? originalOf(kb, p) : undefined;
  const shownLang = sourceLangOf(lang);
  const needsOriginal = original !== undefined && (original.lang !== shownLang || p.lang !== original.lang);
  return {
    n,
    key: p.key,
    kind: p.kind,
    title: p.kind === "document" ? shown.document!.title : shown.title,
    ...(p.day !== undefined ? { day: p.day } : {}),
    ...(needsOriginal ? { originalLang: original.lang } : {}),
  };
}
