// Run by bench/memory.ts in a fresh process (node --expose-gc): the bot's memory before and after 10,000 delegates,
// each with a stored profile (language, identity, reminder choice), have sent one update; questions leave a
// follow-up session (the last question and answer) in the store. Prints one JSON line.
import { rmSync } from "node:fs";
import path from "node:path";
import { buildDeps } from "../src/app.ts";
import { DEFAULT_SCENARIO_DIR, loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { createBot } from "../src/bot/index.ts";
import { BOT_INFO, TOKEN, fakeApi, tempDir } from "./lib.ts";
import { mixedUpdates, seedDelegates } from "./traffic.ts";

const USERS = Number(process.argv[2] ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

function sample() {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

const dir = tempDir("memory");
const config = loadConfig({
  SCENARIO_DIR: DEFAULT_SCENARIO_DIR, STORAGE_URL: `sqlite://${path.join(dir, "bench.sqlite")}`, LOG_LEVEL: "silent",
  BOT_NOW: "2024-09-25T10:15:00+03:00",
});
const deps = await buildDeps(config, createLogger("silent"));
const bot = createBot(deps, { token: TOKEN, botInfo: BOT_INFO });
bot.api.config.use(fakeApi());
const failures: unknown[] = [];
bot.catch((err) => void failures.push(err.error));
// One update first, so code loaded lazily on the first update is in the baseline, not counted per user.
for (const { update } of mixedUpdates(3, [1, 2, 3], deps.scenario.visit)) await bot.handleUpdate(update);
const before = sample();

const ids = await seedDelegates(deps.users, deps.scenario.visit, USERS, deps.clock.now());
// One update each: the kinds in turn (/today, an agenda button, a question).
for (const { update } of mixedUpdates(USERS, ids, deps.scenario.visit)) await bot.handleUpdate(update);
const after = sample();
const turns = deps.storage.namespace("answers:turns");
let sessions = 0;
for (const id of ids) if (await turns.get(String(id))) sessions++;

await deps.storage.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ users: USERS, sessions, failures: failures.length, before, after })}\n`);
