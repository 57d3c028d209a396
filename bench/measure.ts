// node bench/measure.ts <name> [--quick]: runs one measure and prints its rows as one JSON line. bench/run.ts runs
// each measure this way, in a fresh process, so that no measure inherits another's heap, garbage or JIT state.
import type { BenchOptions, Row } from "./lib.ts";
import { throughput } from "./throughput.ts";
import { broadcast } from "./broadcast.ts";
import { retrieval } from "./retrieval.ts";
import { promptSize } from "./prompt-size.ts";
import { memory } from "./memory.ts";
import { coldStart } from "./cold-start.ts";
import { webhook } from "./webhook.ts";

const MEASURES: Record<string, (o: BenchOptions) => Promise<Row[]>> = {
  throughput, broadcast, retrieval, "prompt-size": promptSize, memory, "cold-start": coldStart, webhook,
};

if (import.meta.main) {
  const [name = ""] = process.argv.slice(2);
  const measure = MEASURES[name];
  if (!measure) {
    process.stderr.write(`unknown measure ${name}; known: ${Object.keys(MEASURES).join(", ")}\n`);
    process.exit(2);
  }
  const rows = await measure({ quick: process.argv.includes("--quick") });
  process.stdout.write(`${JSON.stringify(rows)}\n`);
  process.exit(0);
}
