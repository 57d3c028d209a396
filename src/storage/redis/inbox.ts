// The webhook inbox on Redis, shared by every instance behind one webhook: an update_id is accepted once across all
// of them, and an update accepted by an instance that died is handed to the next one that recovers.
// Each instance keeps a heartbeat key; an accepted update records its owner, so recovery takes only updates whose
// owner has stopped beating, never the ones a live instance is handling right now.
import { randomBytes } from "node:crypto";
import type { Update } from "grammy/types";
import type { UpdateInbox } from "../../server/inbox.ts";
import { Script, type RedisClient } from "./client.ts";

const LIB = `local P = ARGV[1]
local seen, pending, owners = P .. ':in:seen', P .. ':in:pending', P .. ':in:owner'
`;

/** ARGV: P, update id, payload, now, owner → 1, or 0 when this update_id was seen before. */
const ACCEPT = new Script(`${LIB}
if redis.call('ZSCORE', seen, ARGV[2]) then return 0 end
redis.call('ZADD', seen, ARGV[4], ARGV[2])
redis.call('HSET', pending, ARGV[2], ARGV[3])
redis.call('HSET', owners, ARGV[2], ARGV[5])
return 1`);

/**
 * ARGV: P, me → { payloads taken over, longest remaining heartbeat (ms) among other owners still holding updates }.
 * Updates of owners without a heartbeat (or mine) become mine.
 */
const TAKE_OVER = new Script(`${LIB}
local taken, wait = {}, 0
local all = redis.call('HGETALL', owners)
for i = 1, #all, 2 do
  local id, owner = all[i], all[i + 1]
  local ttl = owner == ARGV[2] and -2 or redis.call('PTTL', P .. ':in:alive:' .. owner)
  if ttl < 0 then
    redis.call('HSET', owners, id, ARGV[2])
    local payload = redis.call('HGET', pending, id)
    if payload then taken[#taken + 1] = payload end
  elseif ttl > wait then
    wait = ttl
  end
end
return { taken, wait }`);

/** ARGV: P, before → handled updates received before then, forgotten. */
const PRUNE = new Script(`${LIB}
local n = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', seen, '-inf', '(' .. ARGV[2])) do
  if redis.call('HEXISTS', pending, id) == 0 then
    redis.call('ZREM', seen, id)
    n = n + 1
  end
end
return n`);

export interface RedisInboxOptions {
  /** How long a heartbeat lasts; refreshed every third of it. An instance silent this long counts as dead. */
  heartbeatMs?: number;
}

export class RedisInbox implements UpdateInbox {
  private readonly redis: RedisClient;
  private readonly p: string;
  private readonly owner = randomBytes(8).toString("hex");
  private readonly heartbeatMs: number;
  private timer?: NodeJS.Timeout;

  constructor(redis: RedisClient, prefix: string, options: RedisInboxOptions = {}) {
    this.redis = redis;
    this.p = prefix;
    this.heartbeatMs = options.heartbeatMs ?? 6000;
  }

  private beat(): Promise<unknown> {
    return this.redis.set(`${this.p}:in:alive:${this.owner}`, "1", { PX: this.heartbeatMs });
  }

  /** Starts the heartbeat on first use: an inbox nobody posts to (polling) costs nothing. */
  private async alive(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.beat().catch(() => {}), Math.max(50, Math.floor(this.heartbeatMs / 3)));
    this.timer.unref();
    await this.beat();
  }

  async accept(update: Update, now: number): Promise<boolean> {
    await this.alive();
    return (await ACCEPT.run(this.redis, [this.p, update.update_id, JSON.stringify(update), now, this.owner])) === 1;
  }

  async done(updateId: number): Promise<void> {
    await this.redis.multi().hDel(`${this.p}:in:pending`, String(updateId)).hDel(`${this.p}:in:owner`, String(updateId)).exec();
  }

  /**
   * Updates whose instance died before handling them. When another instance still beats but holds updates, waits once
   * for its heartbeat to lapse: a live one keeps beating (and has usually finished by then), a dead one is taken over.
   */
  async unfinished(): Promise<Update[]> {
    await this.alive();
    const [first, wait] = (await TAKE_OVER.run(this.redis, [this.p, this.owner])) as [string[], number];
    let payloads = first;
    if (wait > 0) {
      await new Promise((r) => setTimeout(r, wait + 50));
      payloads = [...first, ...((await TAKE_OVER.run(this.redis, [this.p, this.owner])) as [string[], number])[0]];
    }
    const updates = new Map<number, Update>();
    for (const p of payloads) {
      const u = JSON.parse(p) as Update;
      updates.set(u.update_id, u);
    }
    return [...updates.values()].sort((a, b) => a.update_id - b.update_id);
  }

  async prune(before: number): Promise<number> {
    return Number(await PRUNE.run(this.redis, [this.p, before]));
  }

  /** Stops the heartbeat; on a clean stop the key goes at once, so a successor need not wait for it. */
  async close(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.redis.del(`${this.p}:in:alive:${this.owner}`).catch(() => {});
  }
}
