// Telegram's send limits as a scheduler: evenly spaced sends in total, per private chat and per group,
// and one shared pause after a 429 so no sender stampedes when it ends.
export interface Limits {
  /** Messages a second in total (Telegram allows about 30; we stay below). */
  perSecond: number;
  /** Minimum gap between two messages to one private chat. */
  perChatMs: number;
  /** Messages a minute to one group. */
  perGroupPerMinute: number;
}

/** 10 % more than the per-chat gap: sends spaced exactly can reach Telegram closer together after network jitter. */
export const JITTER_HEADROOM = 1.1;

export const DEFAULT_LIMITS: Limits = { perSecond: 25, perChatMs: 1000, perGroupPerMinute: 20 };

/** What the outbox sender needs from a limiter: RateLimiter paces one process, RedisRateLimiter all of them together. */
export interface SendLimiter {
  /** Resolves when a message to this chat may go out. */
  acquire(chatId: number, isGroup?: boolean): Promise<void>;
  /** After a 429: every sender waits `ms`. */
  pause(ms: number): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RateLimiter implements SendLimiter {
  private readonly limits: Limits;
  private readonly now: () => number;
  private nextGlobal = 0;
  private pausedUntil = 0;
  private readonly nextPerChat = new Map<number, number>();

  constructor(limits: Partial<Limits> = {}, now: () => number = () => performance.now()) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.now = now;
  }

  /** Reserves the earliest slot allowed for this chat and waits for it. */
  async acquire(chatId: number, isGroup = chatId < 0): Promise<void> {
    for (;;) {
      const now = this.now();
      const chatGap = (isGroup ? 60_000 / this.limits.perGroupPerMinute : this.limits.perChatMs) * JITTER_HEADROOM;
      const at = Math.max(now, this.nextGlobal, this.pausedUntil, this.nextPerChat.get(chatId) ?? 0);
      if (at <= now) {
        this.nextGlobal = now + 1000 / this.limits.perSecond;
        this.nextPerChat.set(chatId, now + chatGap);
        this.forgetIdleChats(now);
        return;
      }
      await sleep(Math.ceil(at - now));
    }
  }

  /** After a 429: every sender waits `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private forgetIdleChats(now: number): void {
    if (this.nextPerChat.size < 10_000) return;
    for (const [chat, at] of this.nextPerChat) if (at < now) this.nextPerChat.delete(chat);
  }
}
