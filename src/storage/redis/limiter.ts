// Telegram's send limits kept together by every bot process on one Redis: the same schedule as
// src/delivery/limiter.ts (evenly spaced global slots, a gap per private chat and per group, one shared pause
// after a 429), but the slots are reserved atomically in Lua on Redis's clock, so N processes stay within one limit.
import { DEFAULT_LIMITS, JITTER_HEADROOM, type Limits, type SendLimiter } from "../../delivery/limiter.ts";
import { Script, type RedisClient } from "./client.ts";

const CLOCK = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local P = ARGV[1]
local function num(key) return tonumber(redis.call('GET', key) or '0') or 0 end
local function keep(key, at) redis.call('SET', key, string.format('%.3f', at), 'PX', math.max(1, math.ceil(at - now)) + 1000) end
`;

/**
 * ARGV: P, chat, global spacing ms, chat gap ms → ms until the reserved slot. The slot is the earliest moment
 * allowed by the global spacing, the chat's gap and the shared pause; taking it pushes both on for the next caller.
 */
const RESERVE = new Script(`${CLOCK}
local chatKey = P .. ':rl:c:' .. ARGV[2]
local at = math.max(now, num(P .. ':rl:next'), num(P .. ':rl:pause'), num(chatKey))
keep(P .. ':rl:next', at + tonumber(ARGV[3]))
keep(chatKey, at + tonumber(ARGV[4]))
return math.ceil(at - now)`);

/** ARGV: P, ms → sets the shared pause to at least now + ms. */
const PAUSE = new Script(`${CLOCK}
keep(P .. ':rl:pause', math.max(num(P .. ':rl:pause'), now + tonumber(ARGV[2])))
return 1`);

/** ARGV: P → ms of shared pause left. */
const PAUSED = new Script(`${CLOCK}
return math.max(0, math.ceil(num(P .. ':rl:pause') - now))`);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RedisRateLimiter implements SendLimiter {
  private readonly redis: RedisClient;
  private readonly p: string;
  private readonly limits: Limits;
  /** This process's own copy of a pause, so a 429 is honoured even while Redis is unreachable. */
  private pausedUntil = 0;

  constructor(redis: RedisClient, prefix: string, limits: Partial<Limits> = {}) {
    this.redis = redis;
    this.p = prefix;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  async acquire(chatId: number, isGroup = chatId < 0): Promise<void> {
    const gap = (isGroup ? 60_000 / this.limits.perGroupPerMinute : this.limits.perChatMs) * JITTER_HEADROOM;
    for (;;) {
      const local = this.pausedUntil - Date.now();
      if (local > 0) await sleep(local);
      const wait = Number(await RESERVE.run(this.redis, [this.p, chatId, 1000 / this.limits.perSecond, gap]));
      if (wait <= 0) return;
      await sleep(wait);
      // A 429 may have paused everyone while this slot was waiting: then the slot is void; reserve again after the pause.
      if (Number(await PAUSED.run(this.redis, [this.p])) <= 0 && this.pausedUntil <= Date.now()) return;
    }
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    PAUSE.run(this.redis, [this.p, Math.ceil(ms)]).catch(() => {});
  }
}
