// Update delivery: update_id counter, getUpdates queue with offset/limit/long polling, and webhook POSTs.
import type { Update } from 'grammy/types';
import { ApiError } from './types.ts';

export interface WebhookConfig {
  url: string;
  secret_token?: string;
  max_connections?: number;
  allowed_updates?: string[];
}

export interface WebhookOptions {
  retryMs: number;
  timeoutMs: number;
  /** Called with the JSON body a webhook answered with when it contains a "method" (webhook reply). */
  onReply: (body: Record<string, unknown>) => Promise<void>;
  onEmit: (update: Update) => void;
}

interface Poller {
  wake: () => void;
  fail: (err: ApiError) => void;
}

const CONFLICT_POLL = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const CONFLICT_HOOK = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

export class UpdateQueue {
  nextUpdateId: number;
  /** Updates not yet acknowledged (getUpdates) or not yet delivered (webhook). */
  pending: Update[] = [];
  webhook: WebhookConfig | undefined;
  lastError: { date: number; message: string } | undefined;
  private pollers = new Set<Poller>();
  private delivering = false;
  private closed = false;
  private abort = new AbortController();
  private opts: WebhookOptions;

  constructor(firstUpdateId: number, opts: WebhookOptions) {
    this.nextUpdateId = firstUpdateId;
    this.opts = opts;
  }

  /** Assign an update_id (unless keepId) and queue/deliver the update. */
  push(partial: Omit<Update, 'update_id'> & { update_id?: number }, keepId = false): Update {
    const update = { ...partial } as Update;
    if (!keepId || typeof partial.update_id !== 'number') update.update_id = this.nextUpdateId++;
    else this.nextUpdateId = Math.max(this.nextUpdateId, partial.update_id + 1);
    this.pending.push(update);
    this.opts.onEmit(update);
    if (this.webhook) void this.deliver();
    else for (const p of [...this.pollers]) p.wake();
    return update;
  }

  /** Forget every update with update_id < offset (negative offset keeps only the last -offset updates). */
  acknowledge(offset: number): void {
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
  }

  /** getUpdates semantics, including long polling that returns as soon as an update arrives. */
  async getUpdates(args: { offset?: number; limit?: number; timeout?: number; signal?: AbortSignal }): Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, CONFLICT_HOOK);
    for (const p of [...this.pollers]) p.fail(new ApiError(409, CONFLICT_POLL));
    if (args.offset !== undefined) this.acknowledge(args.offset);
    const limit = Math.min(Math.max(args.limit ?? 100, 1), 100);
    const take = (): Update[] => this.pending.slice(0, limit);
    const timeoutMs = Math.max(0, Math.min(args.timeout ?? 0, 50)) * 1000;
    if (this.pending.length > 0 || timeoutMs === 0 || this.closed) return take();
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.pollers.delete(poller);
        args.signal?.removeEventListener('abort', onAbort);
      };
      const poller: Poller = {
        wake: () => { done(); resolve(); },
        fail: (err) => { done(); reject(err); },
      };
      const onAbort = (): void => { done(); resolve(); };
      const timer = setTimeout(() => { done(); resolve(); }, timeoutMs);
      this.pollers.add(poller);
      args.signal?.addEventListener('abort', onAbort, { once: true });
    });
    if (this.webhook) throw new ApiError(409, CONFLICT_HOOK);
    return take();
  }

  setWebhook(cfg: WebhookConfig, dropPending: boolean): void {
    if (dropPending) this.pending = [];
    this.webhook = cfg;
    this.lastError = undefined;
    for (const p of [...this.pollers]) p.fail(new ApiError(409, CONFLICT_HOOK));
    void this.deliver();
  }

  deleteWebhook(dropPending: boolean): void {
    if (dropPending) this.pending = [];
    this.webhook = undefined;
  }

  /** Release pending long polls (they answer with an empty result) and stop webhook delivery. */
  close(): void {
    this.closed = true;
    this.abort.abort();
    for (const p of [...this.pollers]) p.wake();
  }

  /** Accept long polls and webhook delivery again after close() (the emulator listens again). */
  reopen(): void {
    if (!this.closed) return;
    this.closed = false;
    this.abort = new AbortController();
    if (this.webhook) void this.deliver();
  }

  /** Resolves once the webhook has acknowledged every pending update (or timeoutMs passes). */
  async drained(timeoutMs = 5000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.pending.length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    return this.pending.length === 0;
  }

  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.webhook && !this.closed && this.pending.length > 0) {
        const hook = this.webhook;
        const update = this.pending[0] as Update;
        const ok = await this.post(hook, update);
        if (ok) {
          if (this.pending[0] === update) this.pending.shift();
        } else if (!this.closed) {
          await new Promise((r) => setTimeout(r, this.opts.retryMs));
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  private async post(hook: WebhookConfig, update: Update): Promise<boolean> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (hook.secret_token) headers['x-telegram-bot-api-secret-token'] = hook.secret_token;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs)]),
      });
      const text = await res.text();
      if (!res.ok) {
        this.lastError = { date: Math.floor(Date.now() / 1000), message: `Wrong response from the webhook: ${res.status} ${res.statusText}` };
        return false;
      }
      const body = parseReply(text);
      if (body) await this.opts.onReply(body).catch(() => undefined);
      return true;
    } catch (e) {
      if (this.closed) return false;
      this.lastError = { date: Math.floor(Date.now() / 1000), message: `Connection failed: ${(e as Error).message}` };
      return false;
    }
  }
}

function parseReply(text: string): Record<string, unknown> | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && typeof (body as { method?: unknown }).method === 'string') {
      return body as Record<string, unknown>;
    }
  } catch {
    // not a webhook reply
  }
  return undefined;
}
