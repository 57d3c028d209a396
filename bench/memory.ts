// Memory: RSS and heap after 10,000 delegates with stored preferences and sessions have each sent an update,
// measured in a child process with a fresh heap (bench/memory-child.ts); baseline: the same process before them.
// Run as `npm start` runs the bot (Node's defaults), and once more with two launch settings that trim the fixed
// cost: a smaller young generation and Node's compile cache (warm: the second start).
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { num, ratio, tempDir, type Row } from "./lib.ts";

const USERS = 10_000;
const MB = 2 ** 20;
/** V8 sizes its young generation from the host's memory: 2 × 32 MB on this 24 GB machine. */
const TRIMMED_FLAGS = ["--max-semi-space-size=4"];

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
  const r = await measure([]);
  const cache = tempDir("compile-cache");
  let trimmed: ChildReport;
  try {
    const env = { ...process.env, NODE_COMPILE_CACHE: cache };
    await measure(TRIMMED_FLAGS, env);
    trimmed = await measure(TRIMMED_FLAGS, env);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  return [
    {
      measure: `memory: RSS after ${num(r.users)} users (${num(r.sessions)} sessions)`,
      figure: `${num(r.after.rss / MB, 1)} MB`,
      baseline: `before the users ${num(r.before.rss / MB, 1)} MB`,
      ratio: ratio(r.after.rss, r.before.rss),
      target: "≤ 150 MB",
      met: r.after.rss <= 150 * MB,
      data: { ...r },
    },
    {
      measure: "  heap used",
      figure: `${num(r.after.heapUsed / MB, 1)} MB`,
      baseline: `before the users ${num(r.before.heapUsed / MB, 1)} MB`,
      ratio: ratio(r.after.heapUsed, r.before.heapUsed),
      target: "",
    },
    {
      measure: `  RSS with ${TRIMMED_FLAGS.join(" ")} + compile cache`,
      figure: `${num(trimmed.after.rss / MB, 1)} MB`,
      baseline: `before the users ${num(trimmed.before.rss / MB, 1)} MB`,
      ratio: ratio(trimmed.after.rss, trimmed.before.rss),
      target: "≤ 150 MB",
      met: trimmed.after.rss <= 150 * MB,
      data: { flags: TRIMMED_FLAGS, compileCache: true, ...trimmed },
    },
  ];
}
