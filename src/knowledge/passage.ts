// What retrieval searches and answers quote: short factual passages, each in one source language.
import type { Lang, SourceLang } from "../domain/language.ts";
import type { Audience } from "../domain/visit.ts";
import { cyrillicToLatin } from "../domain/translit.ts";

/** What a sentence of a structured passage states, so an answer can pick the line a question asks for. */
export type Field =
  | "headline" | "time" | "venue" | "address" | "directions" | "entrance" | "audience" | "dress"
  | "transport" | "meeting" | "interpreter" | "contact" | "notes" | "description" | "phone" | "hours"
  | "languages" | "role" | "text";

export interface Sentence {
  text: string;
  field: Field;
}

export type PassageKind = "visit" | "day" | "event" | "venue" | "contact" | "person" | "document";

export interface DocumentRef {
  id: string;
  title: string;
  /** True when this language version is the document's original (others are translations). */
  original: boolean;
  chunk: number;
  chunks: number;
  /** The paragraph (block) the chunk starts at; the same block in another language is the same text. */
  block: number;
}

export interface Passage {
  /**
   * The same fact in every language shares a key: "event:d1-lunch", "venue:hotel", "contact:liaison",
   * "person:ristic", "day:0", "visit", "doc:article:3".
   */
  key: string;
  kind: PassageKind;
  lang: SourceLang;
  title: string;
  heading?: string;
  sentences: Sentence[];
  /** Events and contacts reach only their audience; emergency contacts reach everyone. */
  audience?: Audience;
  emergency?: boolean;
  /** Visit day index (events and days). */
  day?: number;
  document?: DocumentRef;
}

export function passageText(p: Passage): string {
  return p.sentences.map((s) => s.text).join(" ");
}

/** The source language whose passages a reader of `lang` gets. */
export function sourceLangOf(lang: Lang): SourceLang {
  return lang === "sr-Cyrl" || lang === "sr-Latn" ? "sr" : lang;
}

/** The reader variant a source language is shown as by default (Serbian: Cyrillic). */
export function readerLangOf(lang: SourceLang): Lang {
  return lang === "sr" ? "sr-Cyrl" : lang;
}

/** A passage as a reader of `lang` sees it: Serbian Latin readers get it transliterated from the Cyrillic. */
export function forReader(p: Passage, lang: Lang): Passage {
  if (lang !== "sr-Latn" || p.lang !== "sr") return p;
  return {
    ...p,
    title: cyrillicToLatin(p.title),
    ...(p.heading !== undefined ? { heading: cyrillicToLatin(p.heading) } : {}),
    sentences: p.sentences.map((s) => ({ ...s, text: cyrillicToLatin(s.text) })),
    ...(p.document ? { document: { ...p.document, title: cyrillicToLatin(p.document.title) } } : {}),
  };
}

/** The document id and chunk of a "doc:<id>:<n>" key. */
export function parseDocKey(key: string): { id: string; chunk: number } | undefined {
  const m = /^doc:([a-z0-9][a-z0-9_-]*):(\d{1,4})$/.exec(key);
  return m ? { id: m[1]!, chunk: Number(m[2]) } : undefined;
}
