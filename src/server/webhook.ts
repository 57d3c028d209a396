// The webhook endpoint: checks Telegram's secret header, records the update (dedupe by update_id),
// answers at once, and handles it after — one chat's updates stay in order through the bot's sequentialize.
import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { BotContext } from "../bot/context.ts";
import type { Metrics } from "../metrics.ts";
import type { UpdateInbox } from "./inbox.ts";

export interface WebhookOptions {
  bot: Bot<BotContext>;
  inbox: UpdateInbox;
  secret: string;
  path: string;
  logger: Logger;
  metrics?: Metrics;
}

const sameSecret = (given: string | undefined, secret: string) => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
};

export interface WebhookHandle {
  app: Hono;
  /** Resolves when every accepted update has been handled. */
  drain(): Promise<void>;
  /** Handles updates a previous process accepted but did not finish. */
  recover(): Promise<number>;
}

/**
 * Updates whose handling starts in one turn of the event loop. Starting an update runs its costly part (the
 * reply is worked out before the first call to Telegram); starting every accepted update at once would make the
 * next requests wait for all of that, so a burst is started a few per turn, with the waiting requests answered in
 * between. How many are in flight is not limited: each waits for Telegram without holding up the others.
 */
const STARTS_PER_TURN = 4;

export function createWebhook(o: WebhookOptions): WebhookHandle {
  const waiting: Update[] = [];
  const inFlight = new Set<Promise<void>>();
  let scheduled = false;
  const start = (update: Update) => {
    const p = o.bot
      .handleUpdate(update)
      .catch((err: unknown) => o.logger.error({ err, updateId: update.update_id }, "webhook update failed"))
      .then(() => o.inbox.done(update.update_id))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const startSome = () => {
    scheduled = false;
    // In arrival order: the bot's sequentialize keeps one chat's updates in order from here.
    for (let i = 0; i < STARTS_PER_TURN && waiting.length > 0; i++) start(waiting.shift()!);
    if (waiting.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(startSome);
  };
  const handle = (update: Update) => {
    waiting.push(update);
    schedule();
  };
  const app = new Hono();
  app.post(o.path, async (c) => {
    if (!sameSecret(c.req.header("X-Telegram-Bot-Api-Secret-Token"), o.secret)) {
      return c.json({ ok: false, description: "Unauthorized" }, 401);
    }
    let update: Update;
    try {
      update = (await c.req.json()) as Update;
    } catch {
      return c.json({ ok: false, description: "Bad Request: body is not JSON" }, 400);
    }
    if (!update || typeof update.update_id !== "number") return c.json({ ok: false, description: "Bad Request: no update_id" }, 400);
    if (!(await o.inbox.accept(update, Date.now()))) {
      o.metrics?.webhookDuplicates.inc();
      return c.json({ ok: true });
    }
    handle(update);
    return c.json({ ok: true });
  });
  return {
    app,
    async drain() {
      while (waiting.length > 0 || inFlight.size > 0) {
        if (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        else await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async recover() {
      const pending = await o.inbox.unfinished();
      for (const update of pending) handle(update);
      return pending.length;
    },
  };
}
