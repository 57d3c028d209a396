// Visit documents (Markdown) as passages: one per paragraph or list, under their section heading.
import type { VisitDocument } from "../scenario/load.ts";
import { sentences as splitSentences } from "./normalize.ts";
import { readerLangOf, type Passage, type Sentence } from "./passage.ts";

/** Longer paragraphs are split at sentence boundaries. */
const MAX_CHUNK = 900;

interface Block {
  heading?: string;
  text: string;
}

/** Markdown inline syntax → plain text (links keep their text, emphasis and code marks go). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s.,;:!?)]|$)/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** A Markdown table row "| a | b |" as "a — b"; separator rows vanish. */
function tableRow(line: string): string | undefined {
  if (/^\|?[\s:|-]+\|?$/.test(line) && line.includes("-")) return undefined;
  return line.replace(/^\||\|$/g, "").split("|").map((c) => c.trim()).filter(Boolean).join(" — ");
}

/** Blocks of a Markdown body: paragraphs and lists, each with the nearest heading above it. */
function blocks(body: string): Block[] {
  const out: Block[] = [];
  let heading: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) out.push({ ...(heading !== undefined ? { heading } : {}), text });
    lines = [];
  };
  let seenTitle = false;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    const h = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
    if (h) {
      flush();
      // The first level-1 heading is the document's title, not a section.
      if (h[1] === "#" && !seenTitle) seenTitle = true;
      else heading = plainText(h[2]!);
      continue;
    }
    if (line === "" || /^(-{3,}|\*{3,})$/.test(line)) {
      flush();
      continue;
    }
    if (line.startsWith("|")) {
      const row = tableRow(line);
      if (row) lines.push(row);
      continue;
    }
    lines.push(line.replace(/^>\s?/, ""));
  }
  flush();
  return out;
}

/** A block's sentences: list items each one sentence, prose split by ICU's sentence rules. */
function blockSentences(text: string, locale: string): string[] {
  const items = text.split("\n").map((l) => l.trim());
  const isList = items.length > 1 && items.every((l) => /^([-*+]|\d+[.)])\s/.test(l) || !/^\S/.test(l));
  const parts = isList
    ? items.map((l) => plainText(l.replace(/^([-*+]|\d+[.)])\s+/, "")))
    : splitSentences(plainText(items.join(" ")), locale);
  // ICU splits after some abbreviations ("ул. ", "Mr. "): a fragment that short joins the next sentence.
  const merged: string[] = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && prev.length < 16 && !/[!?]$/.test(prev)) merged[merged.length - 1] = `${prev} ${p}`;
    else merged.push(p);
  }
  return merged.filter((s) => s.length > 0);
}

interface Chunk {
  heading?: string;
  sentences: string[];
  /** Index of the block (paragraph, list, table) it starts in: translations are aligned by it. */
  block: number;
}

/**
 * Chunks of one document version: one per block, so translations with the same paragraphs line up.
 * A line introducing a list ("…:") joins the list; a block longer than MAX_CHUNK is split by sentences.
 */
function chunks(doc: VisitDocument): Chunk[] {
  const locale = readerLangOf(doc.lang);
  const out: Chunk[] = [];
  let intro: Chunk | undefined;
  const size = (ss: string[]) => ss.reduce((n, s) => n + s.length + 1, 0);
  blocks(doc.text).forEach((block, index) => {
    const ss = blockSentences(block.text, locale);
    const heading = block.heading !== undefined ? { heading: block.heading } : {};
    let current: Chunk =
      intro && intro.heading === block.heading
        ? { ...intro, sentences: [...intro.sentences, ...ss] }
        : { ...heading, sentences: ss, block: index };
    if (intro && current.block !== intro.block) out.push(intro);
    intro = undefined;
    if (ss.length === 1 && ss[0]!.endsWith(":")) {
      intro = current;
      return;
    }
    while (size(current.sentences) > MAX_CHUNK && current.sentences.length > 1) {
      const head: string[] = [current.sentences.shift()!];
      while (current.sentences.length > 1 && size([...head, current.sentences[0]!]) <= MAX_CHUNK / 2) head.push(current.sentences.shift()!);
      out.push({ ...current, sentences: head });
      current = { ...current };
    }
    out.push(current);
  });
  if (intro) out.push(intro);
  return out;
}

/** Every document version as passages keyed "doc:<id>:<chunk>"; translations share keys chunk by chunk. */
export function documentPassages(documents: readonly VisitDocument[]): Passage[] {
  const out: Passage[] = [];
  for (const doc of documents) {
    const parts = chunks(doc);
    parts.forEach((part, i) => {
      const sentences: Sentence[] = part.sentences.map((t) => ({ text: t, field: "text" }));
      out.push({
        key: `doc:${doc.id}:${i}`,
        kind: "document",
        lang: doc.lang,
        title: doc.title,
        ...(part.heading !== undefined ? { heading: part.heading } : {}),
        sentences,
        audience: { everyone: true },
        document: { id: doc.id, title: doc.title, original: doc.original, chunk: i, chunks: parts.length, block: part.block },
      });
    });
  }
  return out;
}
