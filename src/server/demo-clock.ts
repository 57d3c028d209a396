// The demo clock's controls: where the rehearsal starts (day 1, 08:30 in the visit's zone) and how a visitor moves
// the bot's own clock (next event, +15 min, +1 h, next day, a chosen time). Pure apart from the clock it is given.
import type { ShiftableClock } from "../clock.ts";
import type { Visit } from "../domain/visit.ts";
import { localDate, parseVisitTime, zoneOffsetMinutes } from "../domain/time.ts";

export const CLOCK_ACTIONS = ["next-event", "plus-15", "plus-60", "next-day", "set"] as const;
export type ClockAction = (typeof CLOCK_ACTIONS)[number];

const MORNING = "08:30";

/** Day 1 at 08:30 in the visit's zone. */
export function rehearsalStart(visit: Visit): number {
  const first = visit.days[0];
  if (!first) throw new Error("the visit has no days");
  return parseVisitTime(`${first.date}T${MORNING}`, visit.timezone)!;
}

export interface ClockView {
  /** Epoch ms. */
  now: number;
  timezone: string;
  /** Wall clock in the visit's zone, "2024-09-25T10:00". */
  local: string;
  /** UTC offset of the visit's zone at `now`, in minutes. */
  offsetMinutes: number;
  /** 1-based day of the visit, or undefined before/after it. */
  day?: number;
  dayCount: number;
  next?: { start: number; title: string };
  hasNextDay: boolean;
}

function nextEvent(visit: Visit, now: number) {
  return visit.events.filter((e) => !e.cancelled && e.start > now).sort((a, b) => a.start - b.start)[0];
}

function nextDayStart(visit: Visit, now: number): number | undefined {
  const today = localDate(now, visit.timezone);
  const day = visit.days.find((d) => d.date > today);
  return day ? parseVisitTime(`${day.date}T${MORNING}`, visit.timezone) : undefined;
}

export function clockView(clock: ShiftableClock, visit: Visit): ClockView {
  const now = clock.now();
  const offsetMinutes = zoneOffsetMinutes(now, visit.timezone);
  const local = new Date(now + offsetMinutes * 60_000).toISOString().slice(0, 16);
  const index = visit.days.findIndex((d) => d.date === local.slice(0, 10));
  const next = nextEvent(visit, now);
  return {
    now,
    timezone: visit.timezone,
    local,
    offsetMinutes,
    ...(index >= 0 ? { day: index + 1 } : {}),
    dayCount: visit.days.length,
    ...(next ? { next: { start: next.start, title: next.title.en } } : {}),
    hasNextDay: nextDayStart(visit, now) !== undefined,
  };
}

/** Moves the clock; returns a reason when the action cannot apply (no event left, last day, bad time). */
export function moveClock(clock: ShiftableClock, visit: Visit, action: ClockAction, at?: string): string | undefined {
  const now = clock.now();
  switch (action) {
    case "plus-15":
      clock.advance(15 * 60_000);
      return undefined;
    case "plus-60":
      clock.advance(60 * 60_000);
      return undefined;
    case "next-event": {
      const next = nextEvent(visit, now);
      if (!next) return "no event of the visit starts after the current time";
      clock.set(next.start);
      return undefined;
    }
    case "next-day": {
      const start = nextDayStart(visit, now);
      if (start === undefined) return "the visit has no day after the current one";
      clock.set(start);
      return undefined;
    }
    case "set": {
      const instant = at === undefined ? undefined : parseVisitTime(at, visit.timezone);
      if (instant === undefined) return 'set needs "at" as a wall-clock time in the visit\'s zone, e.g. 2024-09-25T10:00';
      clock.set(instant);
      return undefined;
    }
  }
}
