// A problem found in a scenario file, located by file, line and path, and its one-line rendering.
import { closest, distance } from "fastest-levenshtein";

export type Severity = "error" | "warning";

export interface ScenarioProblem {
  severity: Severity;
  file: string;
  line: number;
  column: number;
  /** e.g. events[3].venue */
  path: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** `visit.yaml:48 events[3].venue: "minstry" is not a venue; did you mean "ministry"?` */
export function formatProblem(p: ScenarioProblem): string {
  const where = p.path ? ` ${p.path}:` : "";
  const tag = p.severity === "warning" ? " warning:" : "";
  return `${p.file}:${p.line}${tag}${where} ${p.message}`;
}

/** The nearest known id, when it is close enough to be a likely typo. */
export function suggest(value: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(value, known as string[]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(value, best) <= limit ? best : undefined;
}

/** Nearest ids, best first, for "did you mean" lists. */
export function nearest(value: string, known: readonly string[], count = 3): string[] {
  return [...known]
    .map((id) => ({ id, d: id.includes(value) || value.includes(id) ? 0 : distance(value, id) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, count)
    .map((x) => x.id);
}
