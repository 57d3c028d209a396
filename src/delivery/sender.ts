// Drains the outbox within Telegram's limits: renders each notice in the recipient's language at send time,
// retries 5xx and network errors with backoff and jitter, pauses everyone on 429, gives up on 403.
import { GrammyError, HttpError, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Logger } from "pino";
import type { Notice, Outbox } from "./outbox.ts";
import { RateLimiter, type SendLimiter } from "./limiter.ts";
import { MESSAGE_LIMIT, splitMessage } from "../bot/html.ts";

export interface RenderedNotice {
  text: string;
  keyboard?: InlineKeyboardMarkup;
  /** Sends a map pin instead of the text (a relayed location); `text` is then only for logs. */
  location?: { latitude: number; longitude: number };
  /** Edits this message in place (the today card); if it is gone, a new message is sent and pinned. */
  edit?: { messageId: number };
  /** Pins the sent message, without a notification. */
  pin?: boolean;
}

/** Turns a stored notice into text for its recipient now; null skips it (e.g. the user was forgotten). */
export type RenderNotice = (notice: Notice) => Promise<RenderedNotice | null>;

export interface SenderOptions {
  outbox: Outbox;
  api: Api;
  render: RenderNotice;
  logger: Logger;
  limiter?: SendLimiter;
  /** Wall time for leases and retries (not the visit's demo clock). */
  now?: () => number;
  onUnreachable?: (notice: Notice, reason: string) => Promise<void> | void;
  onSent?: (notice: Notice, messageId: number) => Promise<void> | void;
  /** Every outcome, for metrics. */
  onResult?: (result: keyof SendStats) => void;
  leaseMs?: number;
  maxAttempts?: number;
  /** First retry delay after a 5xx or network error; doubles each attempt, up to a minute, with jitter. */
  retryBaseMs?: number;
  idleMs?: number;
  batchSize?: number;
}

export interface SendStats {
  sent: number;
  retried: number;
  tooManyRequests: number;
  unreachable: number;
  failed: number;
}

/** Telegram counts the text after parsing: tags and entities are not what is too long. */
const visibleLength = (html: string) => html.replace(/<[^>]*>/g, "").replace(/&#?\w+;/g, "&").length;

export class Sender {
  readonly stats: SendStats = { sent: 0, retried: 0, tooManyRequests: 0, unreachable: 0, failed: 0 };
  private readonly o: Required<Omit<SenderOptions, "onUnreachable" | "onSent" | "onResult">> & Pick<SenderOptions, "onUnreachable" | "onSent" | "onResult">;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(options: SenderOptions) {
    this.o = {
      limiter: new RateLimiter(),
      now: Date.now,
      leaseMs: 60_000,
      maxAttempts: 10,
      retryBaseMs: 1000,
      idleMs: 500,
      batchSize: 50,
      ...options,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets in-flight sends finish; unsent notices stay in the outbox for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private count(result: keyof SendStats): void {
    this.stats[result]++;
    this.o.onResult?.(result);
  }

  /** Call after enqueueing so the sender does not wait for its idle poll. */
  notify(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.drainOnce();
      } catch (error) {
        this.o.logger.error({ err: error }, "outbox: drain failed");
      }
      if (handled === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.o.idleMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /** Claims one batch (one notice per chat) and sends it; returns how many were handled. */
  async drainOnce(): Promise<number> {
    const batch = await this.o.outbox.claim(this.o.now(), this.o.batchSize, this.o.leaseMs);
    await Promise.all(batch.map((n) => this.deliver(n)));
    return batch.length;
  }

  private async deliver(notice: Notice): Promise<void> {
    const { outbox, logger } = this.o;
    let rendered: RenderedNotice | null;
    try {
      rendered = await this.o.render(notice);
    } catch (error) {
      logger.error({ err: error, notice: notice.id }, "outbox: render failed");
      await outbox.markFinal(notice.id, "failed", `render: ${(error as Error).message}`);
      this.count("failed");
      return;
    }
    if (!rendered) return outbox.markFinal(notice.id, "skipped", "nothing to send");
    await this.o.limiter.acquire(notice.chatId);
    try {
      const markup = rendered.keyboard ? { reply_markup: rendered.keyboard } : {};
      const edited = rendered.edit ? await this.editInPlace(notice.chatId, rendered, rendered.edit.messageId) : undefined;
      const message = edited ?? (rendered.location
        ? await this.o.api.sendLocation(notice.chatId, rendered.location.latitude, rendered.location.longitude, markup)
        : await this.sendText(notice.chatId, rendered));
      if (!edited && (rendered.pin || rendered.edit)) await this.pin(notice.chatId, message.message_id);
      await outbox.markSent(notice.id, message.message_id, this.o.now());
      this.count("sent");
      await this.o.onSent?.(notice, message.message_id);
    } catch (error) {
      await this.failed(notice, error);
    }
  }

  /**
   * A text over Telegram's limit goes as several messages, the keyboard on the last (whose id is the
   * notice's). A last resort: features cap what they accept, but one oversized notice must not fail for all.
   */
  private async sendText(chatId: number, rendered: RenderedNotice): Promise<{ message_id: number }> {
    const parts = visibleLength(rendered.text) > MESSAGE_LIMIT ? splitMessage(rendered.text) : [rendered.text];
    let last: { message_id: number } | undefined;
    for (const [i, part] of parts.entries()) {
      if (i > 0) await this.o.limiter.acquire(chatId);
      const markup = rendered.keyboard && i === parts.length - 1 ? { reply_markup: rendered.keyboard } : {};
      last = await this.o.api.sendMessage(chatId, part, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...markup });
    }
    return last!;
  }

  /** Undefined when the message to edit is gone (deleted by the user): the caller sends a new one. */
  private async editInPlace(chatId: number, rendered: RenderedNotice, messageId: number): Promise<{ message_id: number } | undefined> {
    try {
      await this.o.api.editMessageText(chatId, messageId, rendered.text, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(rendered.keyboard ? { reply_markup: rendered.keyboard } : {}),
      });
    } catch (error) {
      const description = error instanceof GrammyError && error.error_code === 400 ? error.description : "";
      if (/message to edit not found|message can't be edited/i.test(description)) return undefined;
      // Telegram refuses an edit that changes nothing; the message already says what it should.
      if (!/message is not modified/i.test(description)) throw error;
    }
    return { message_id: messageId };
  }

  /** A failed pin does not fail the notice: the message itself arrived. */
  private async pin(chatId: number, messageId: number): Promise<void> {
    try {
      await this.o.api.pinChatMessage(chatId, messageId, { disable_notification: true });
    } catch (error) {
      this.o.logger.warn({ err: error, chatId }, "outbox: pin failed");
    }
  }

  private async failed(notice: Notice, error: unknown): Promise<void> {
    const { outbox, logger } = this.o;
    const now = this.o.now();
    if (error instanceof GrammyError && error.error_code === 429) {
      const wait = (error.parameters.retry_after ?? 5) * 1000;
      this.o.limiter.pause(wait);
      this.count("tooManyRequests");
      logger.warn({ notice: notice.id, retryAfter: wait / 1000 }, "outbox: 429, pausing all sends");
      return outbox.markRetry(notice.id, error.description, now + wait, false);
    }
    const unreachable =
      error instanceof GrammyError &&
      (error.error_code === 403 || /chat not found|user is deactivated|bot was blocked/i.test(error.description));
    if (unreachable) {
      this.count("unreachable");
      await outbox.markFinal(notice.id, "unreachable", error.description);
      return void (await this.o.onUnreachable?.(notice, error.description));
    }
    const transient = error instanceof HttpError || (error instanceof GrammyError && error.error_code >= 500);
    if (transient && notice.attempts + 1 < this.o.maxAttempts) {
      const backoff = Math.min(60_000, this.o.retryBaseMs * 2 ** notice.attempts) * (0.5 + Math.random());
      this.count("retried");
      return outbox.markRetry(notice.id, String((error as Error).message), now + backoff, true);
    }
    this.count("failed");
    logger.error({ err: error, notice: notice.id }, "outbox: notice failed for good");
    await outbox.markFinal(notice.id, "failed", String((error as Error).message));
  }
}
