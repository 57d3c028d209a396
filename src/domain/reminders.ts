// When reminders, the morning briefing and escalations fall due: pure functions of the visit, a delegate's choice and an instant.
import type { Visit, VisitEvent } from "./visit.ts";
import type { ScheduleChange } from "./changes.ts";
import { eventById, eventsFor, type Viewer } from "./agenda.ts";
import { localDate, parseVisitTime } from "./time.ts";

export const REMINDER_CHOICES = [0, 15, 30, 60] as const;
/** Minutes before each event; 0 turns reminders off. */
export type ReminderMinutes = (typeof REMINDER_CHOICES)[number];
export const DEFAULT_REMINDER_MINUTES: ReminderMinutes = 30;

export function isReminderMinutes(value: unknown): value is ReminderMinutes {
  return (REMINDER_CHOICES as readonly unknown[]).includes(value);
}

/** The delegate's events whose reminder is due at `now`: inside the lead time, not started, not cancelled. */
export function dueReminders(visit: Visit, viewer: Viewer, minutes: ReminderMinutes, now: number): VisitEvent[] {
  if (minutes === 0) return [];
  const lead = minutes * 60_000;
  // A reminder is never sent late: once the event has started, it is simply not sent.
  return eventsFor(visit, viewer).filter((e) => !e.cancelled && e.start - lead <= now && now < e.start);
}

/** One reminder per delegate, event and start time: a moved event gets a fresh one, a restart none twice. */
export function reminderKey(userId: number, eventId: string, start: number): string {
  return `reminder:${userId}:${eventId}:${start}`;
}

/** The event a queued reminder is about, if it still stands: same start, not cancelled, not started. */
export function liveReminderEvent(visit: Visit, eventId: string, start: number, now: number): VisitEvent | undefined {
  const event = eventById(visit, eventId);
  if (!event || event.cancelled || event.start !== start || now >= event.start) return undefined;
  return event;
}

export const BRIEFING_FROM = "07:30";
/**
 * The briefing window closes at 10:00 rather than at the end of the day: a delegate who starts the bot at 09:00
 * still gets it, but one whose bot was down all morning does not get a stale "good morning" at 16:00.
 */
export const BRIEFING_UNTIL = "10:00";

export interface BriefingWindow {
  /** The visit day, YYYY-MM-DD in the visit's zone. */
  date: string;
  from: number;
  until: number;
}

/** The visit day's briefing window containing `now`, if any. */
export function briefingWindow(visit: Visit, now: number): BriefingWindow | undefined {
  const date = localDate(now, visit.timezone);
  if (!visit.days.some((d) => d.date === date)) return undefined;
  const from = parseVisitTime(`${date}T${BRIEFING_FROM}`, visit.timezone)!;
  const until = parseVisitTime(`${date}T${BRIEFING_UNTIL}`, visit.timezone)!;
  return from <= now && now < until ? { date, from, until } : undefined;
}

export function briefingKey(userId: number, date: string): string {
  return `briefing:${userId}:${date}`;
}

/** Unacknowledged notices of an urgent change are listed to the organizers this long after it was sent. */
export const ESCALATE_AFTER_MS = 15 * 60_000;

export function escalationDue(change: ScheduleChange, now: number): boolean {
  return change.urgent && now >= change.at + ESCALATE_AFTER_MS;
}
