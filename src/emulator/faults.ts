// Fault injection: 429/500/dropped connections, blocked chats, sliding-window rate limits, seeded PRNG, counters.

export interface FaultConfig {
  /** Answer 429 "Too Many Requests" on every Nth eligible call and/or with a probability. */
  tooManyRequests?: { everyNth?: number; probability?: number; retryAfter: number; methods?: string[] };
  /** Answer 500 "Internal Server Error" with a probability. */
  serverError?: { probability: number; methods?: string[] };
  /** Destroy the socket without answering; with afterSend the method is performed first (lost answer). */
  dropConnection?: { probability: number; afterSend?: boolean; methods?: string[] };
  /** Chat ids whose sends fail with 403 "Forbidden: bot was blocked by the user". */
  blocked?: Set<number>;
  /** Real sliding-window limits on send* methods (and copy/forward); exceeding answers 429 with retry_after. */
  rateLimit?: { perSecondTotal?: number; perSecondPerChat?: number; perMinutePerGroup?: number; retryAfter?: number };
}

export type FaultKind = 'tooManyRequests' | 'serverError' | 'dropConnection' | 'blocked' | 'rateLimit';

export type PreFault =
  | { kind: 'tooManyRequests'; retryAfter: number }
  | { kind: 'serverError' }
  | { kind: 'dropConnection'; afterSend: boolean };

export interface EmulatorStats {
  /** Bot API requests received (any outcome). */
  requests: number;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
}

/** Methods random faults never hit unless listed explicitly: polling and lifecycle plumbing. */
const PLUMBING = new Set(['getUpdates', 'getMe', 'getWebhookInfo', 'setWebhook', 'deleteWebhook', 'logOut', 'close']);

const SEND_EXTRA = new Set(['copyMessage', 'copyMessages', 'forwardMessage', 'forwardMessages']);

/** Methods subject to rateLimit: send* (except sendChatAction) plus copy/forward. */
export function isSendMethod(method: string): boolean {
  return (method.startsWith('send') && method !== 'sendChatAction') || SEND_EXTRA.has(method);
}

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function applies(method: string, methods: string[] | undefined): boolean {
  return methods ? methods.includes(method) : !PLUMBING.has(method);
}

export class FaultInjector {
  config: FaultConfig;
  stats: EmulatorStats = {
    requests: 0,
    faults: { tooManyRequests: 0, serverError: 0, dropConnection: 0, blocked: 0, rateLimit: 0 },
  };
  private random: () => number;
  private nth = 0;
  private sends: Array<{ at: number; chatId: number }> = [];

  constructor(config: FaultConfig = {}, seed = 1) {
    this.config = config;
    this.random = mulberry32(seed);
  }

  /** Restart the PRNG (and the everyNth counter) from a seed. */
  reseed(seed: number): void {
    this.random = mulberry32(seed);
    this.nth = 0;
  }

  /** Decide the request-level fault for a call, if any (evaluated before the method runs). */
  pre(method: string): PreFault | undefined {
    const { dropConnection, serverError, tooManyRequests } = this.config;
    if (dropConnection && applies(method, dropConnection.methods) && this.random() < dropConnection.probability) {
      this.stats.faults.dropConnection++;
      return { kind: 'dropConnection', afterSend: dropConnection.afterSend ?? false };
    }
    if (serverError && applies(method, serverError.methods) && this.random() < serverError.probability) {
      this.stats.faults.serverError++;
      return { kind: 'serverError' };
    }
    if (tooManyRequests && applies(method, tooManyRequests.methods)) {
      this.nth++;
      const byNth = tooManyRequests.everyNth !== undefined && tooManyRequests.everyNth > 0 && this.nth % tooManyRequests.everyNth === 0;
      const byChance = tooManyRequests.probability !== undefined && this.random() < tooManyRequests.probability;
      if (byNth || byChance) {
        this.stats.faults.tooManyRequests++;
        return { kind: 'tooManyRequests', retryAfter: tooManyRequests.retryAfter };
      }
    }
    return undefined;
  }

  /** Blocked by fault configuration (counts the fault when it hits). */
  blockedByFault(chatId: number): boolean {
    if (this.config.blocked?.has(chatId)) {
      this.stats.faults.blocked++;
      return true;
    }
    return false;
  }

  /** retry_after in seconds when a send to chatId at `now` would exceed a configured limit. */
  checkRate(chatId: number | undefined, now: number): number | undefined {
    const limit = this.config.rateLimit;
    if (!limit) return undefined;
    this.sends = this.sends.filter((s) => now - s.at < 60_000);
    const windows: Array<{ max: number | undefined; span: number; pick: (s: { chatId: number }) => boolean }> = [
      { max: limit.perSecondTotal, span: 1000, pick: () => true },
      { max: limit.perSecondPerChat, span: 1000, pick: (s) => s.chatId === chatId },
      { max: chatId !== undefined && chatId < 0 ? limit.perMinutePerGroup : undefined, span: 60_000, pick: (s) => s.chatId === chatId },
    ];
    let wait = 0;
    for (const w of windows) {
      if (w.max === undefined) continue;
      const inWindow = this.sends.filter((s) => now - s.at < w.span && w.pick(s));
      if (inWindow.length >= w.max) {
        const oldest = inWindow[inWindow.length - w.max];
        wait = Math.max(wait, oldest ? oldest.at + w.span - now : w.span);
      }
    }
    if (wait <= 0) return undefined;
    this.stats.faults.rateLimit++;
    return limit.retryAfter ?? Math.max(1, Math.ceil(wait / 1000));
  }

  /** Record an accepted send for the sliding windows. */
  recordSend(chatId: number | undefined, now: number): void {
    if (this.config.rateLimit) this.sends.push({ at: now, chatId: chatId ?? 0 });
  }
}
