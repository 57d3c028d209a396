// Starts the no-token demo in this process (emulator, real bot, web chat on a free loopback port) for one test,
// and reads its server-sent events.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { startDemo, type RunningDemo } from "../../src/server/demo.ts";
import type { StoredMessage } from "../../src/emulator/index.ts";

export interface DemoWorld {
  demo: RunningDemo;
  url: string;
  storageFile: string;
  get<T = unknown>(route: string): Promise<{ status: number; body: T }>;
  post<T = unknown>(route: string, body: unknown, contentType?: string): Promise<{ status: number; body: T }>;
  /** The next bot message in a persona's chat after the last one there now. */
  reply(userId: number, after?: number): Promise<StoredMessage>;
  stop(): Promise<void>;
}

export async function startDemoWorld(env: Record<string, string> = {}, storageFile?: string): Promise<DemoWorld> {
  const dir = storageFile ? undefined : mkdtempSync(path.join(tmpdir(), "attache-webchat-"));
  const file = storageFile ?? path.join(dir!, "demo.sqlite");
  const config = loadConfig({ PORT: "0", STORAGE_URL: `sqlite://${file}`, LOG_LEVEL: "silent", ...env });
  const demo = await startDemo(config, createLogger(process.env.TEST_LOG_LEVEL ?? "silent"));
  const url = `http://127.0.0.1:${demo.port}`;
  const call = async <T>(route: string, init?: RequestInit) => {
    const res = await fetch(url + route, init);
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as T };
  };
  return {
    demo,
    url,
    storageFile: file,
    get: (route) => call(route),
    post: (route, body, contentType = "application/json") =>
      call(route, { method: "POST", headers: { "content-type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) }),
    reply: (userId, after) => demo.emulator.waitForMessage(userId, after === undefined ? {} : { after }),
    async stop() {
      await demo.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Opens /api/events and collects events; `next(pred)` resolves with the first matching event. */
export async function openEvents(url: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/events`, { signal: controller.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: SseEvent[] = [];
  let buffer = "";
  const waiters: Array<() => void> = [];
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]).join("\n");
          if (event) seen.push({ event, data: JSON.parse(data) });
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    seen,
    async next(predicate: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = seen.find(predicate);
        if (found) return found;
        if (Date.now() > until) throw new Error(`no matching event; saw ${seen.map((e) => e.event).join(", ")}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => controller.abort(),
  };
}
