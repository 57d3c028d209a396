// STORAGE_URL=redis://… : every store on one Redis connection, so several bot processes share profiles, sessions,
// the programme state, the outbox, the webhook inbox and the send limit. Keyv namespaces go through @keyv/redis.
import Keyv from "keyv";
import KeyvRedis from "@keyv/redis";
import type { OpenOptions, Storage, Stores } from "../index.ts";
import { connectRedis, parseRedisUrl, type RedisClient } from "./client.ts";
import { RedisStateStore } from "./state.ts";
import { RedisInbox } from "./inbox.ts";
import { RedisRateLimiter } from "./limiter.ts";

function redisStorage(redis: RedisClient, prefix: string, close: () => Promise<void>): Storage {
  const spaces = new Map<string, Keyv<unknown>>();
  return {
    kind: "redis",
    namespace<T>(name: string): Keyv<T> {
      let kv = spaces.get(name);
      if (!kv) {
        // The adapter prefixes keys itself (<prefix>:kv:<name>::<key>) and clears only its namespace; errors are
        // thrown, not swallowed, so a Redis outage never reads as "no such user".
        const store = new KeyvRedis(redis as never, { namespace: `${prefix}:kv:${name}`, throwOnErrors: true, throwOnConnectError: true });
        kv = new Keyv<unknown>({ store, useKeyPrefix: false, throwOnErrors: true });
        kv.on("error", () => {}); // thrown to the caller as well; the listener only keeps the emitter from crashing
        spaces.set(name, kv);
      }
      return kv as Keyv<T>;
    },
    async ping() {
      await redis.ping();
    },
    close,
  };
}

export async function openRedisStores(url: string, options: OpenOptions = {}): Promise<Stores> {
  const target = parseRedisUrl(url);
  const redis = await connectRedis(target, options.onError);
  const state = new RedisStateStore(redis, target.prefix);
  const inbox = new RedisInbox(redis, target.prefix);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await inbox.close();
    await state.close();
    await redis.close().catch(() => redis.destroy());
  };
  return {
    storage: redisStorage(redis, target.prefix, close),
    state,
    outbox: state,
    inbox,
    limiter: (limits) => new RedisRateLimiter(redis, target.prefix, limits),
    close,
  };
}
