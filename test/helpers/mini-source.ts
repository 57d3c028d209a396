// The mini visit's visit.yaml as text, and edited copies of it, for reload and diff tests.
import { readFileSync } from "node:fs";
import path from "node:path";
import { MINI_DIR } from "./attache.ts";

export const MINI_SOURCE = readFileSync(path.join(MINI_DIR, "visit.yaml"), "utf8");

/** The mini visit.yaml with text replacements applied, each of which must match (so a fixture change fails loudly). */
export function editedMini(...edits: Array<[string | RegExp, string]>): string {
  let source = MINI_SOURCE;
  for (const [from, to] of edits) {
    const next = source.replace(from, to);
    if (next === source) throw new Error(`edit ${String(from)} matched nothing`);
    source = next;
  }
  return source;
}
