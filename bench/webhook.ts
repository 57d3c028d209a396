// Webhook: 2000 updates posted with 50 in flight to the webhook endpoint of the bot as it runs in production
// (`node src/main.ts` with WEBHOOK_URL: src/app.ts launch with `webhook` and `http`), in its own process; this
// process plays Telegram: it posts the updates, times each 200, and answers the bot's calls with a canned Bot API
// (the emulator's checks would load this shared machine more than the bot does). Baseline: a bare grammY bot
// behind grammY's webhookCallback (bench/bare-webhook-child.ts), same set-up.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Update } from "grammy/types";
import { DEFAULT_SCENARIO_DIR, PROJECT_ROOT } from "../src/config.ts";
import { loadScenario } from "../src/scenario/load.ts";
import { openStores } from "../src/storage/index.ts";
import { UserStore } from "../src/storage/users.ts";
import { TOKEN, num, quantile, ratio, startFakeBotApi, tempDir, until, type Row } from "./lib.ts";
import { mixedUpdates, seedDelegates } from "./traffic.ts";

const UPDATES = 2000;
const WARM_UP = 200;
const IN_FLIGHT = 50;
const DELEGATES = 500;
const SECRET = "webhook-secret-for-the-benchmark";

/** Posts every update, `IN_FLIGHT` at a time; returns each request's time to its answer. */
async function post(url: string, updates: Update[]): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < updates.length) {
      const update = updates[next++]!;
      const start = performance.now();
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
        body: JSON.stringify(update),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      times.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return times;
}

/** Starts a server process and reads its port from the first line of its output that names one. */
async function startServer(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH, ...env } });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    lines.on("line", (line) => {
      const found = /"port":(\d+)/.exec(line);
      if (found) resolve(Number(found[1]));
    });
    child.once("exit", () => reject(new Error(`${args.join(" ")} exited: ${stderr.trim().slice(0, 300)}`)));
  });
  child.stdout!.resume();
  return { child, port };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Warm-up, then the measured updates; returns the acks' times and when every update had its reply. */
async function drive(replies: () => number, url: string, warm: Update[], updates: Update[]): Promise<{ acks: number[]; handledMs: number }> {
  const before = replies();
  await post(url, warm);
  await until(() => replies() - before >= warm.length, 60_000, 20);
  const start = performance.now();
  const acks = await post(url, updates);
  await until(() => replies() - before >= warm.length + updates.length, 120_000, 20);
  return { acks, handledMs: performance.now() - start };
}

export async function webhook(): Promise<Row[]> {
  const dir = tempDir("webhook");
  const storageUrl = `sqlite://${path.join(dir, "bench.sqlite")}`;
  const servers: ChildProcess[] = [];
  let closeApi: (() => Promise<void>) | undefined;
  try {
    const loaded = await loadScenario(DEFAULT_SCENARIO_DIR);
    if (!loaded.ok) throw new Error(`cannot load ${DEFAULT_SCENARIO_DIR}`);
    const stores = await openStores(storageUrl);
    const ids = await seedDelegates(new UserStore(stores.storage.namespace("users")), loaded.scenario.visit, DELEGATES, Date.now());
    await stores.close();
    const api = await startFakeBotApi();
    closeApi = api.close;
    const apiRoot = api.apiRoot;
    // Messages: what delegates send most (buttons are measured by the throughput measure).
    const updates = (n: number) => mixedUpdates(n, ids, loaded.scenario.visit, ["today", "question"]).map((u) => u.update);
    const common = { BOT_TOKEN: TOKEN, BOT_API_ROOT: apiRoot, WEBHOOK_SECRET: SECRET };

    const bare = await startServer([path.join(import.meta.dirname, "bare-webhook-child.ts")], common);
    servers.push(bare.child);
    const baseline = await drive(() => api.replies, `http://127.0.0.1:${bare.port}/`, updates(WARM_UP), updates(UPDATES));
    await stopServer(bare.child);

    const bot = await startServer([path.join(PROJECT_ROOT, "src", "main.ts")], {
      ...common, STORAGE_URL: storageUrl, PORT: "0", WEBHOOK_URL: "http://127.0.0.1:1/telegram", BOT_NOW: "2024-09-25T10:15:00+03:00",
    });
    servers.push(bot.child);
    const full = await drive(() => api.replies, `http://127.0.0.1:${bot.port}/telegram`, updates(WARM_UP), updates(UPDATES));
    await stopServer(bot.child);

    const p99 = quantile(full.acks, 0.99);
    const bareP99 = quantile(baseline.acks, 0.99);
    return [{
      measure: `webhook ack p99 (${num(UPDATES)} updates, ${IN_FLIGHT} in flight)`,
      figure: `${num(p99, 1)} ms (p50 ${num(quantile(full.acks, 0.5), 1)})`,
      baseline: `bare grammY webhook ${num(bareP99, 1)} ms`,
      ratio: ratio(p99, bareP99, 1),
      target: "< 100 ms",
      met: p99 < 100,
      data: {
        p50: quantile(full.acks, 0.5), p99, max: Math.max(...full.acks), allRepliedMs: full.handledMs,
        bare: { p50: quantile(baseline.acks, 0.5), p99: bareP99, allRepliedMs: baseline.handledMs },
      },
    }];
  } finally {
    for (const child of servers) await stopServer(child);
    await closeApi?.();
    rmSync(dir, { recursive: true, force: true });
  }
}
