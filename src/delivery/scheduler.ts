// The time-driven part of delivery: every few seconds of wall time it reads the visit's clock (which a demo or a
// rehearsal may jump) and queues whatever fell due — reminders, morning briefings, escalations — in the outbox.
// State lives in storage only (outbox keys, once-markers), so a restart neither loses nor repeats a notice.
import type { BotDeps } from "../bot/context.ts";
import type { NewNotice } from "./outbox.ts";
import { dueNotices } from "./reminders.ts";
import { escalateUnacknowledged } from "./escalation.ts";
import "./today-card.ts"; // registers the briefing and card renderers

export interface SchedulerOptions {
  /** Wall time between ticks (default 15 s): a clock jump is acted on within one interval. */
  intervalMs?: number;
}

export interface TickReport {
  /** Reminders and briefings newly queued (already-queued ones are not counted). */
  queued: number;
  escalations: number;
}

export class Scheduler {
  private readonly deps: BotDeps;
  private readonly intervalMs: number;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  /** Ticks run one after another, whether from the timer or from a test. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(deps: BotDeps, options: SchedulerOptions = {}) {
    this.deps = deps;
    this.intervalMs = options.intervalMs ?? 15_000;
  }

  /** The first tick comes one interval after start, when the bot is polling and the outbox is draining. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.last.catch(() => {});
  }

  tick(): Promise<TickReport> {
    const next = this.last.catch(() => {}).then(() => this.runTick());
    this.last = next;
    return next;
  }

  private schedule(): void {
    this.timer = setTimeout(async () => {
      try {
        await this.tick();
      } catch (error) {
        this.deps.logger.error({ err: error }, "scheduler: tick failed");
      }
      if (this.running) this.schedule();
    }, this.intervalMs);
    // The bot (polling or HTTP) keeps the process alive, not the scheduler.
    this.timer.unref?.();
  }

  private async runTick(): Promise<TickReport> {
    const { deps } = this;
    const now = deps.clock.now();
    const visit = deps.scenario.visit;
    const notices: NewNotice[] = [];
    for await (const profile of deps.users.all()) {
      if (!profile.onboarded || profile.unreachable) continue;
      notices.push(...dueNotices(visit, profile, now));
    }
    const queued = notices.length ? await deps.outbox.enqueue(notices) : 0;
    const escalations = await escalateUnacknowledged(deps, now);
    if (queued + escalations > 0) deps.delivery.wake();
    return { queued, escalations };
  }
}
