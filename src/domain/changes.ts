// Schedule changes: what an organizer changes about an event, how it applies to the programme, whom it reaches.
import type { LocalizedText } from "./language.ts";
import type { Person, Visit, VisitEvent } from "./visit.ts";
import { audienceIncludes } from "./agenda.ts";

export const CHANGE_KINDS = ["move", "end", "venue", "cancel", "reinstate", "note"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The parts of an event a change can touch. */
export interface EventState {
  start: number;
  end: number;
  venue?: string;
  cancelled: boolean;
  notes?: LocalizedText;
}

export interface ScheduleChange {
  /** Also the id of the preview it came from: sending a preview twice commits it once. */
  id: string;
  eventId: string;
  kinds: ChangeKind[];
  before: EventState;
  after: EventState;
  /** Telegram user id of the organizer. */
  by: number;
  at: number;
  /** Starts within two hours of the change: unacknowledged notices are escalated. */
  urgent: boolean;
}

export type Overrides = Record<string, EventState>;

export function stateOf(e: VisitEvent): EventState {
  return { start: e.start, end: e.end, venue: e.venue, cancelled: e.cancelled, notes: e.notes };
}

/** The programme as it stands: the scenario's events with the organizers' changes on top. */
export function applyOverrides(visit: Visit, overrides: Overrides): Visit {
  if (Object.keys(overrides).length === 0) return visit;
  const events = visit.events
    .map((e) => (overrides[e.id] ? { ...e, ...overrides[e.id] } : e))
    .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  return { ...visit, events };
}

export function changeKinds(before: EventState, after: EventState): ChangeKind[] {
  const kinds: ChangeKind[] = [];
  if (before.cancelled !== after.cancelled) kinds.push(after.cancelled ? "cancel" : "reinstate");
  if (before.start !== after.start) kinds.push("move");
  else if (before.end !== after.end) kinds.push("end");
  if (before.venue !== after.venue) kinds.push("venue");
  if (JSON.stringify(before.notes ?? null) !== JSON.stringify(after.notes ?? null)) kinds.push("note");
  return kinds;
}

const TWO_HOURS = 2 * 3_600_000;

export function isUrgent(before: EventState, after: EventState, now: number): boolean {
  const soonest = Math.min(before.start, after.start);
  return soonest > now && soonest - now <= TWO_HOURS;
}

/** Everyone in the event's audience (a change never alters the audience, so before and after agree). */
export function affectedPeople(visit: Visit, event: VisitEvent): Person[] {
  return visit.people.filter((p) => audienceIncludes(visit, event.audience, { personId: p.id, organizer: false }));
}

/** Whether a user (by their chosen identity, or as a guest) is concerned by an event's change. */
export function concerns(visit: Visit, event: VisitEvent, personId: string | undefined): boolean {
  return audienceIncludes(visit, event.audience, { personId, organizer: false });
}

/** A new time "HH:MM" on the event's own day, keeping its duration. */
export function moveTo(event: VisitEvent, newStart: number): EventState {
  const duration = event.end - event.start;
  return { ...stateOf(event), start: newStart, end: newStart + duration };
}
