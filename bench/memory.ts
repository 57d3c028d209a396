// Memory: RSS and heap after 10,000 delegates with stored preferences and sessions have each sent an update,
// measured in a child process with a fresh heap (bench/memory-child.ts); baseline: the same process before them.
// Run as `npm start` runs the bot (Node's defaults), and once more with two launch settings that trim the fixed
// cost: a smaller young generation and Node's compile cache (warm: the second start).
import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { num, ratio, tempDir, type Row } from "./lib.ts";

const USERS = 10_000;
const MB = 2 ** 20;
/**
 * The Node flags `npm start` (and the Dockerfile) use, read from package.json so the measure follows the real
 * start command: a young generation capped at 2 × 4 MB (V8 would size it from the host's memory, 2 × 32 MB on a
 * 24 GB machine) and the compile cache preload.
 */
const START_FLAGS = (() => {
  const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "package.json"), "utf8")) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/).slice(1, -1); // drop "node" and the entry point
  return words.map((w) => (w.startsWith("./") ? path.join(import.meta.dirname, "..", w) : w));
})();

interface Sample {
  heapTotal: number;
  rss: number;
  heapUsed: number;
  external: number;
}

interface ChildReport {
  users: number;
  sessions: number;
  failures: number;
  before: Sample;
  after: Sample;
}

async function measure(flags: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildReport> {
  const child = path.join(import.meta.dirname, "memory-child.ts");
  const { stdout } = await promisify(execFile)(process.execPath, [...flags, "--expose-gc", child, String(USERS)], { maxBuffer: 1 << 20, env });
  const r = JSON.parse(stdout.trim().split("\n").at(-1)!) as ChildReport;
  if (r.failures > 0) throw new Error(`${r.failures} updates failed in the memory run`);
  return r;
}

export async function memory(): Promise<Row[]> {
  const cache = tempDir("compile-cache");
  let r: ChildReport;
  try {
    // The compile cache lives in NODE_COMPILE_CACHE when set; a first start fills it, the measured one reads it.
    const env = { ...process.env, NODE_COMPILE_CACHE: cache };
    await measure(START_FLAGS, env);
    r = await measure(START_FLAGS, env);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  const defaults = await measure([]);
  return [
    {
      measure: `memory: RSS after ${num(r.users)} users (${num(r.sessions)} sessions), as npm start runs it`,
      figure: `${num(r.after.rss / MB, 1)} MB`,
      baseline: `before the users ${num(r.before.rss / MB, 1)} MB`,
      ratio: ratio(r.after.rss, r.before.rss),
      target: "≤ 150 MB",
      met: r.after.rss <= 150 * MB,
      data: { flags: START_FLAGS, compileCache: true, ...r },
    },
    {
      measure: "  heap used",
      figure: `${num(r.after.heapUsed / MB, 1)} MB`,
      baseline: `before the users ${num(r.before.heapUsed / MB, 1)} MB`,
      ratio: ratio(r.after.heapUsed, r.before.heapUsed),
      target: "",
    },
    {
      measure: "  RSS with Node's defaults (no flags, no cache)",
      figure: `${num(defaults.after.rss / MB, 1)} MB`,
      baseline: `before the users ${num(defaults.before.rss / MB, 1)} MB`,
      ratio: ratio(defaults.after.rss, defaults.before.rss),
      target: "",
      data: { ...defaults },
    },
  ];
}
