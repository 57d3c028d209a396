// Reads a visit folder (visit.yaml + documents/) into a validated Visit, or a list of located problems.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { Visit } from "../domain/visit.ts";
import { visitFileSchema } from "./schema.ts";
import { formatPath, type ScenarioProblem } from "./problems.ts";
import { buildVisit } from "./build.ts";
import type { SourceLang } from "../domain/language.ts";

export interface VisitDocument {
  /** e.g. "article" for documents/article.ru.md */
  id: string;
  lang: SourceLang;
  title: string;
  text: string;
  /** The document's original language version (others are translations). */
  original: boolean;
  source?: string;
  file: string;
}

export interface Scenario {
  dir: string;
  visit: Visit;
  documents: VisitDocument[];
}

export type LoadResult =
  | { ok: true; scenario: Scenario; warnings: ScenarioProblem[] }
  | { ok: false; errors: ScenarioProblem[]; warnings: ScenarioProblem[] };

export const VISIT_FILE = "visit.yaml";

export async function loadScenario(dir: string): Promise<LoadResult> {
  const file = path.join(dir, VISIT_FILE);
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    return { ok: false, errors: [problem(file, 1, 1, "", reason)], warnings: [] };
  }
  const parsed = parseVisitSource(source, file);
  if (!parsed.ok) return parsed;
  const documents = await loadDocuments(path.join(dir, "documents"));
  return { ok: true, scenario: { dir, visit: parsed.visit, documents }, warnings: parsed.warnings };
}

export type ParseResult =
  | { ok: true; visit: Visit; warnings: ScenarioProblem[] }
  | { ok: false; errors: ScenarioProblem[]; warnings: ScenarioProblem[] };

/** Parses and validates visit.yaml text; `file` names it in problems. */
export function parseVisitSource(source: string, file: string): ParseResult {
  const label = path.basename(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return problem(label, pos.line, pos.col, "", e.message.split("\n")[0] ?? e.message);
    });
    return { ok: false, errors, warnings: [] };
  }
  const locate = locator(doc, lineCounter, label);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias to nowhere (`*nope`) or an alias bomb: name the line of the first alias.
    const message = (error as Error).message.split("\n")[0] ?? String(error);
    const line = source.split("\n").findIndex((l) => /(^|[\s\[{,:-])\*[^\s,\]}]+/.test(l)) + 1;
    return { ok: false, errors: [problem(label, Math.max(1, line), 1, "", message)], warnings: [] };
  }
  const result = visitFileSchema.safeParse(data);
  if (!result.success) {
    const errors = result.error.issues.map((issue) => locate(issue.path, issue.message));
    return { ok: false, errors, warnings: [] };
  }
  const built = buildVisit(result.data, locate);
  const errors = built.problems.filter((p) => p.severity === "error");
  const warnings = built.problems.filter((p) => p.severity === "warning");
  if (errors.length > 0 || !built.visit) return { ok: false, errors, warnings };
  return { ok: true, visit: built.visit, warnings };
}

export type Locate = (
  path: ReadonlyArray<PropertyKey>,
  message: string,
  severity?: "error" | "warning",
) => ScenarioProblem;

/** Maps a data path back to the line of the YAML node it came from (or its nearest existing parent). */
function locator(doc: Document, lineCounter: LineCounter, file: string): Locate {
  return (dataPath, message, severity = "error") => {
    const keys = dataPath.filter((k): k is string | number => typeof k !== "symbol");
    for (let n = keys.length; n >= 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { ...problem(file, pos.line, pos.col, formatPath(keys), message), severity };
      }
    }
    return { ...problem(file, 1, 1, formatPath(keys), message), severity };
  };
}

function problem(file: string, line: number, column: number, p: string, message: string): ScenarioProblem {
  return { severity: "error", file, line, column, path: p, message };
}

const DOC_RE = /^(?<id>[a-z0-9][a-z0-9_-]*)\.(?<lang>ru|sr|en)\.(md|txt)$/;

/** documents/<id>.<ru|sr|en>.md, with optional front matter (title, original, source). */
async function loadDocuments(dir: string): Promise<VisitDocument[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const docs: VisitDocument[] = [];
  for (const name of names) {
    const m = DOC_RE.exec(name);
    if (!m?.groups) continue;
    const raw = await readFile(path.join(dir, name), "utf8");
    const { meta, body } = splitFrontMatter(raw);
    const heading = /^#+\s+(.+)$/m.exec(body)?.[1]?.trim();
    docs.push({
      id: m.groups.id!,
      lang: m.groups.lang as SourceLang,
      title: typeof meta.title === "string" ? meta.title : (heading ?? m.groups.id!),
      text: body.trim(),
      original: meta.original === true,
      ...(typeof meta.source === "string" ? { source: meta.source } : {}),
      file: `documents/${name}`,
    });
  }
  return docs;
}

function splitFrontMatter(raw: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(raw);
  if (!m) return { meta: {}, body: raw };
  let meta: unknown;
  try {
    meta = parseDocument(m[1]!).toJS({ maxAliasCount: 10 });
  } catch {
    meta = {}; // a front matter the YAML parser cannot read: the document keeps its heading as title
  }
  return { meta: meta && typeof meta === "object" ? (meta as Record<string, unknown>) : {}, body: raw.slice(m[0].length) };
}
