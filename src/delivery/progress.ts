// The organizer's "Sending 120/340…" message: edited in place at most every 2 seconds while a batch drains,
// ending with the report (delivered, unreachable, failed). Tracked in storage, so a restart resumes it.
import type Keyv from "keyv";
import type { Api } from "grammy";
import type { Logger } from "pino";
import type { Lang } from "../domain/language.ts";
import type { I18n } from "../bot/i18n.ts";
import type { BatchReport, Outbox } from "./outbox.ts";

interface Tracked {
  chatId: number;
  messageId: number;
  batch: string;
  lang: Lang;
  /** The line above the progress ("Sent. 120 delegates will be notified."), escaped HTML. */
  headline?: string;
}

export interface ProgressOptions {
  api: Api;
  outbox: Outbox;
  i18n: I18n;
  logger: Logger;
  kv: Keyv<Tracked>;
  intervalMs?: number;
}

export class ProgressReporter {
  private readonly o: Required<ProgressOptions>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(options: ProgressOptions) {
    this.o = { intervalMs: 2000, ...options };
  }

  text(report: BatchReport, tracked: Pick<Tracked, "lang" | "headline">): string {
    const t = this.o.i18n.t(tracked.lang);
    const done = report.total - report.pending;
    const line = report.pending > 0
      ? t("delivery.progress", { done, total: report.total })
      : t("delivery.report", { sent: report.sent, unreachable: report.unreachable, failed: report.failed, total: report.total });
    return tracked.headline ? `${tracked.headline}\n${line}` : line;
  }

  /**
   * Sends the progress message for a batch, under `headline` (one message, not two: a private chat takes
   * about one message a second), and keeps it current until the batch is done.
   */
  async track(chatId: number, batch: string, lang: Lang, headline?: string): Promise<void> {
    const report = await this.o.outbox.batchReport(batch);
    const first = this.text(report, { lang, headline });
    const message = await this.o.api.sendMessage(chatId, first, { parse_mode: "HTML" });
    const tracked: Tracked = { chatId, messageId: message.message_id, batch, lang, ...(headline ? { headline } : {}) };
    if (report.pending === 0) return;
    await this.o.kv.set(batch, tracked);
    this.schedule(tracked, first);
  }

  /** Picks up progress messages of batches a previous process left unfinished. */
  async resume(): Promise<number> {
    let n = 0;
    if (!this.o.kv.iterator) return 0;
    for await (const [, tracked] of this.o.kv.iterator()) {
      if (!tracked) continue;
      this.schedule(tracked as Tracked, "");
      n++;
    }
    return n;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(tracked: Tracked, shown: string): void {
    if (this.stopped) return;
    const timer = setTimeout(async () => {
      this.timers.delete(timer);
      let text = shown;
      try {
        const report = await this.o.outbox.batchReport(tracked.batch);
        text = this.text(report, tracked);
        if (text !== shown) {
          await this.o.api.editMessageText(tracked.chatId, tracked.messageId, text, { parse_mode: "HTML" });
        }
        if (report.pending === 0) return void (await this.o.kv.delete(tracked.batch));
      } catch (error) {
        this.o.logger.warn({ err: error, batch: tracked.batch }, "progress message not updated");
      }
      this.schedule(tracked, text);
    }, this.o.intervalMs);
    timer.unref();
    this.timers.add(timer);
  }
}
