// Prometheus metrics (prom-client): updates, answers, outbox depth, sends by result, 429s.
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  readonly registry: Registry;
  readonly updates: Counter<"type">;
  readonly answers: Counter<"mode">;
  readonly sends: Counter<"result">;
  readonly webhookDuplicates: Counter;
  /** Sets how the outbox depth is read at scrape time. */
  outboxDepth(read: () => Promise<number>): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "attache_" });
  let readDepth: () => Promise<number> = async () => 0;
  new Gauge({
    name: "attache_outbox_depth",
    help: "Notices waiting to be sent or in flight",
    registers: [registry],
    async collect() {
      this.set(await readDepth());
    },
  });
  return {
    registry,
    updates: new Counter({ name: "attache_updates_total", help: "Telegram updates handled, by type", labelNames: ["type"], registers: [registry] }),
    answers: new Counter({ name: "attache_answers_total", help: "Free-form questions answered, by mode", labelNames: ["mode"], registers: [registry] }),
    sends: new Counter({
      name: "attache_outbox_sends_total",
      help: "Outbox send attempts by result (sent, retry, too_many_requests, unreachable, failed, skipped)",
      labelNames: ["result"],
      registers: [registry],
    }),
    webhookDuplicates: new Counter({ name: "attache_webhook_duplicates_total", help: "Redelivered webhook updates ignored", registers: [registry] }),
    outboxDepth(read) {
      readDepth = read;
    },
  };
}
