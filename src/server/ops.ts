// /healthz (alive, and whether the bot reaches its Bot API and its store) and /metrics (Prometheus text).
import { Hono } from "hono";
import type { Api } from "grammy";
import type { Metrics } from "../metrics.ts";
import type { Storage } from "../storage/index.ts";

export interface OpsOptions {
  api: Api;
  storage: Storage;
  metrics: Metrics;
  /** How long a Bot API probe may take before it counts as unreachable. */
  timeoutMs?: number;
}

async function probe<T>(work: () => Promise<T>, timeoutMs: number): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message.replace(/bot\d+:[\w-]+/g, "bot<token>") };
  }
}

export function createOpsRoutes(o: OpsOptions): Hono {
  const timeoutMs = o.timeoutMs ?? 3000;
  const app = new Hono();
  app.get("/healthz", async (c) => {
    const [telegram, store] = await Promise.all([
      probe(() => o.api.getMe(), timeoutMs),
      probe(() => o.storage.ping(), timeoutMs),
    ]);
    const ok = telegram.ok && store.ok;
    return c.json({ status: ok ? "ok" : "degraded", telegram, store: { ...store, kind: o.storage.kind } }, ok ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    c.header("Content-Type", o.metrics.registry.contentType);
    return c.body(await o.metrics.registry.metrics());
  });
  return app;
}
