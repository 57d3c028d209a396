// A visit's personal data is purged a configurable number of days after its last day (PURGE_AFTER_DAYS).
import type { BotDeps } from "../bot/context.ts";
import { startOfLocalDay } from "../domain/time.ts";
import { purgeAll } from "./personal-data.ts";

const DAY = 86_400_000;

/** The instant after which the visit's personal data goes. */
export function purgeDue(deps: BotDeps, afterDays: number): number {
  const visit = deps.scenario.visit;
  return startOfLocalDay(visit.days.at(-1)!.date, visit.timezone) + DAY + afterDays * DAY;
}

/** Purges once when due; returns true if it purged now. */
export async function purgeIfDue(deps: BotDeps, afterDays: number): Promise<boolean> {
  const now = deps.clock.now();
  if (now < purgeDue(deps, afterDays)) return false;
  const visitId = deps.scenario.visit.id;
  if (!(await deps.state.markOnce(`purge:${visitId}`, now))) return false;
  await purgeAll(deps.storage, deps.outbox);
  await deps.state.audit({ at: now, userId: 0, action: "retention.purge", allowed: true, details: { visit: visitId, afterDays } });
  deps.logger.info({ visit: visitId, afterDays }, "visit data purged after the retention period");
  return true;
}

/** Checks at start and then hourly. */
export function startRetention(deps: BotDeps, afterDays: number): () => void {
  const check = () => void purgeIfDue(deps, afterDays).catch((err: unknown) => deps.logger.error({ err }, "purge failed"));
  check();
  const timer = setInterval(check, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
