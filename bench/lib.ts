// What the benchmark files share: the table row, percentiles, the fake Bot API client, bot identity, machine facts.
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";

/** One line of the printed table. `met` is undefined for figures reported without a target. */
export interface Row {
  measure: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met?: boolean;
  /** The numbers behind the strings, for bench/results/latest.json. */
  data?: Record<string, unknown>;
}

export interface BenchOptions {
  /** `--quick`: the broadcast goes to 200 delegates instead of 1000. */
  quick: boolean;
}

export const TOKEN = "123456:TEST-token-for-the-local-emulator-only";

export const BOT_INFO: UserFromGetMe = {
  id: 7000000001, is_bot: true, first_name: "Attaché", username: "attache_bot", can_join_groups: true,
  can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false,
  has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false,
} as UserFromGetMe;

/** Nearest-rank percentile (p in 0–1). */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** Figures the way the table shows them: grouped thousands, at most `digits` decimals. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export const ratio = (figure: number, baseline: number, digits = 2) => (baseline > 0 ? `${num(figure / baseline, digits)}×` : "–");

/**
 * A Bot API client that never leaves the process: every call answers at once with a plausible result.
 * Used where HTTP on loopback would dominate what is measured (as in test/e2e/fuzz.test.ts).
 */
export function fakeApi(counter: { calls: number } = { calls: 0 }): Transformer {
  let messageId = 1;
  return async (_prev, method, payload) => {
    counter.calls++;
    const chatId = (payload as { chat_id?: number }).chat_id ?? 1;
    const result = method.startsWith("send") || method === "editMessageText" || method === "copyMessage"
      ? { message_id: messageId++, date: 0, chat: { id: chatId, type: "private" }, text: "" }
      : method === "getMe" ? BOT_INFO : true;
    return { ok: true, result } as never;
  };
}

export function tempDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `attache-bench-${name}-`));
}

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGb: number;
  freeMemoryGb: number;
  node: string;
  platform: string;
  loadAverage: [number, number, number];
}

export function machineFacts(): MachineFacts {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) as [number, number, number],
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `done()` is true, checking every `everyMs`; throws after `timeoutMs`. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export interface FakeBotApi {
  apiRoot: string;
  /** sendMessage calls answered so far. */
  readonly replies: number;
  close(): Promise<void>;
}

/**
 * The Bot API over HTTP with canned answers and no checks: where the bot must reach Telegram over the network
 * but the emulator's validation would be most of the work measured (the webhook measure).
 */
export async function startFakeBotApi(): Promise<FakeBotApi> {
  const { createServer } = await import("node:http");
  let replies = 0;
  let messageId = 1;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = req.url!.split("/").pop()!;
      let chatId = 1;
      try {
        chatId = (JSON.parse(Buffer.concat(chunks).toString() || "{}") as { chat_id?: number }).chat_id ?? 1;
      } catch {
        // multipart (a file): the chat does not matter here
      }
      if (method === "sendMessage") replies++;
      const result = method.startsWith("send") || method.startsWith("edit") || method === "copyMessage"
        ? { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, text: "" }
        : method === "getMe" ? BOT_INFO : true;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    get replies() {
      return replies;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
