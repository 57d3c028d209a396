// Update throughput: 20,000 mixed updates through the whole bot (SQLite on a temp file, offline answers)
// against a bare grammY bot with an in-memory session that answers each update with one sendMessage.
import { rmSync } from "node:fs";
import path from "node:path";
import { Bot, session, type Context, type SessionFlavor } from "grammy";
import type { Update } from "grammy/types";
import { buildDeps } from "../src/app.ts";
import { DEFAULT_SCENARIO_DIR, loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { createBot } from "../src/bot/index.ts";
import { BOT_INFO, TOKEN, fakeApi, num, quantile, ratio, tempDir, type Row } from "./lib.ts";
import { mixedUpdates, seedDelegates, type UpdateKind } from "./traffic.ts";

export const UPDATES = 20_000;
const WARM_UP = 2_000;
const DELEGATES = 1_000; // not a multiple of 3, so every delegate sends every kind of update
/** During the visit (day 2, mid-morning): /today has a full programme. */
export const BENCH_NOW = "2024-09-25T10:15:00+03:00";

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
  byKind: Partial<Record<UpdateKind, { mean: number; p50: number; p99: number }>>;
  calls: number;
}

type Handle = (update: Update) => Promise<void>;

/** Handles the updates one after another (as one chat's updates are), timing each. */
async function drive(handle: Handle, updates: Array<{ kind: UpdateKind; update: Update }>, counter: { calls: number }): Promise<Run> {
  const times: number[] = [];
  const byKind = new Map<UpdateKind, number[]>();
  counter.calls = 0;
  const start = performance.now();
  for (const { kind, update } of updates) {
    const t0 = performance.now();
    await handle(update);
    const ms = performance.now() - t0;
    times.push(ms);
    let list = byKind.get(kind);
    if (!list) byKind.set(kind, (list = []));
    list.push(ms);
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    perSecond: updates.length / seconds,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, {
      mean: v.reduce((a, b) => a + b, 0) / v.length, p50: quantile(v, 0.5), p99: quantile(v, 0.99),
    }])),
    calls: counter.calls,
  };
}

type BareContext = Context & SessionFlavor<{ updates: number }>;

function bareBot(counter: { calls: number }): Bot<BareContext> {
  const bot = new Bot<BareContext>(TOKEN, { botInfo: BOT_INFO });
  bot.api.config.use(fakeApi(counter));
  bot.use(session({ initial: () => ({ updates: 0 }) }));
  bot.use(async (ctx) => {
    ctx.session.updates++;
    await ctx.api.sendMessage(ctx.chat!.id, `update ${ctx.session.updates}`);
  });
  return bot;
}

export async function throughput(): Promise<Row[]> {
  const dir = tempDir("throughput");
  const config = loadConfig({
    SCENARIO_DIR: DEFAULT_SCENARIO_DIR, STORAGE_URL: `sqlite://${path.join(dir, "bench.sqlite")}`, LOG_LEVEL: "silent", BOT_NOW: BENCH_NOW,
  });
  const deps = await buildDeps(config, createLogger("silent"));
  try {
    const ids = await seedDelegates(deps.users, deps.scenario.visit, DELEGATES, deps.clock.now());
    const counter = { calls: 0 };
    const bot = createBot(deps, { token: TOKEN, botInfo: BOT_INFO });
    bot.api.config.use(fakeApi(counter));
    const failures: unknown[] = [];
    bot.catch((err) => void failures.push(err.error));
    const bare = bareBot(counter);

    const warm = mixedUpdates(WARM_UP, ids, deps.scenario.visit);
    const updates = mixedUpdates(UPDATES, ids, deps.scenario.visit);
    await drive((u) => bare.handleUpdate(u), warm, counter);
    const baseline = await drive((u) => bare.handleUpdate(u), updates, counter);
    await drive((u) => bot.handleUpdate(u), warm, counter);
    const full = await drive((u) => bot.handleUpdate(u), updates, counter);
    if (failures.length > 0) throw new Error(`${failures.length} updates failed, first: ${String(failures[0])}`);

    const kinds = Object.entries(full.byKind).map(([k, v]) => `${k} ${num(v.mean, 2)}/${num(v.p50, 2)}/${num(v.p99, 2)}`).join(", ");
    return [
      {
        measure: `throughput (${num(UPDATES)} mixed updates)`,
        figure: `${num(full.perSecond)} updates/s`,
        baseline: `bare grammY ${num(baseline.perSecond)} updates/s`,
        ratio: ratio(full.perSecond, baseline.perSecond),
        target: "≥ 3,000/s",
        met: full.perSecond >= 3000,
        data: { full, baseline, updates: UPDATES, delegates: DELEGATES },
      },
      {
        measure: "  share of the bare bot's rate",
        figure: ratio(full.perSecond, baseline.perSecond),
        baseline: "",
        ratio: "",
        target: "≥ 0.5×",
        met: full.perSecond >= 0.5 * baseline.perSecond,
      },
      {
        measure: "  latency per update, p99",
        figure: `${num(full.p99, 2)} ms (p50 ${num(full.p50, 2)})`,
        baseline: `bare grammY ${num(baseline.p99, 3)} ms`,
        ratio: ratio(full.p99, baseline.p99, 0),
        target: "< 10 ms",
        met: full.p99 < 10,
      },
      {
        measure: "  mean/p50/p99 by kind (ms)",
        figure: kinds,
        baseline: "",
        ratio: "",
        target: "",
      },
    ];
  } finally {
    await deps.storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
