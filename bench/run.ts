// npm run bench [-- --quick] [-- --only throughput,broadcast,…]: runs every measure in sequence, each in a fresh
// process (bench/measure.ts), prints one table (figure, baseline measured in the same run, ratio, target, met?)
// and writes it to bench/results/latest.json. It asserts nothing about time: the machine is shared and noisy.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { machineFacts, type BenchOptions, type Row } from "./lib.ts";

const MEASURES = ["throughput", "broadcast", "retrieval", "prompt-size", "memory", "cold-start", "webhook"];

/** One measure in its own process (bench/measure.ts): its rows. */
function runMeasure(name: string, quick: boolean): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, "measure.ts"), name, ...(quick ? ["--quick"] : [])], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.once("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("[")) resolve(JSON.parse(last) as Row[]);
      else reject(new Error((stderr.trim().split("\n").find((l) => /Error|error/.test(l)) ?? stderr.trim().slice(0, 200)) || `exit ${code}`));
    });
  });
}

const args = process.argv.slice(2);
const options: BenchOptions = { quick: args.includes("--quick") };
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? "").split(",") : MEASURES;
const unknown = only.filter((name) => !MEASURES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown measure(s): ${unknown.join(", ")}; known: ${MEASURES.join(", ")}`);
  process.exit(2);
}

const before = machineFacts();
const rows: Row[] = [];
const startedAt = new Date().toISOString();
for (const name of only) {
  process.stderr.write(`${name}… `);
  const t0 = performance.now();
  try {
    rows.push(...(await runMeasure(name, options.quick)));
  } catch (error) {
    rows.push({ measure: name, figure: `failed: ${(error as Error).message}`, baseline: "", ratio: "", target: "", met: false });
  }
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
const after = machineFacts();

const columns: Array<[string, (r: Row) => string]> = [
  ["measure", (r) => r.measure],
  ["figure", (r) => r.figure],
  ["baseline", (r) => r.baseline],
  ["ratio", (r) => r.ratio],
  ["target", (r) => r.target],
  ["met?", (r) => (r.met === undefined ? "" : r.met ? "yes" : "NO")],
];
const widths = columns.map(([title, cell]) => Math.max(title.length, ...rows.map((r) => cell(r).length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
console.log(`\nAttaché benchmarks — ${startedAt}${options.quick ? " (--quick)" : ""}`);
console.log(`${before.cpu}, ${before.cores} cores, ${before.memoryGb} GB, Node ${before.node}, load average ${before.loadAverage.join(" ")} → ${after.loadAverage.join(" ")}\n`);
console.log(line(columns.map(([title]) => title)));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line(columns.map(([, cell]) => cell(r))));

const out = path.join(import.meta.dirname, "results");
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, "latest.json"),
  `${JSON.stringify({ startedAt, options, only, machine: { before, after }, rows }, null, 2)}\n`,
);
console.log(`\nwritten to ${path.relative(process.cwd(), path.join(out, "latest.json"))}`);
