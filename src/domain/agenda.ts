// Who sees which events, and what is on now, next, today: pure functions of the visit and an instant.
import type { Audience, Contact, Person, Visit, VisitEvent } from "./visit.ts";
import { localDate } from "./time.ts";

/** Whose agenda we are computing: a named delegate, a guest, or an organizer (who sees everything). */
export interface Viewer {
  personId?: string;
  organizer: boolean;
}

export function personById(visit: Visit, id: string | undefined): Person | undefined {
  return id === undefined ? undefined : visit.people.find((p) => p.id === id);
}

/** True when the audience includes this viewer. Guests see only events for everyone. */
export function audienceIncludes(visit: Visit, audience: Audience, viewer: Viewer): boolean {
  if (audience.everyone || viewer.organizer) return true;
  const person = personById(visit, viewer.personId);
  if (!person) return false;
  return audience.people.includes(person.id) || person.groups.some((g) => audience.groups.includes(g));
}

/** The people an audience reaches (for notices and organizer previews). */
export function audienceMembers(visit: Visit, audience: Audience): Person[] {
  if (audience.everyone) return visit.people;
  return visit.people.filter(
    (p) => audience.people.includes(p.id) || p.groups.some((g) => audience.groups.includes(g)),
  );
}

/** A contact's phone is for its audience (emergency numbers for everyone). */
export function contactVisibleTo(visit: Visit, contact: Contact, viewer: Viewer): boolean {
  return contact.emergency || audienceIncludes(visit, contact.audience, viewer);
}

export function eventsFor(visit: Visit, viewer: Viewer): VisitEvent[] {
  return visit.events.filter((e) => audienceIncludes(visit, e.audience, viewer));
}

export function eventsOnDate(visit: Visit, viewer: Viewer, date: string): VisitEvent[] {
  return eventsFor(visit, viewer).filter((e) => localDate(e.start, visit.timezone) === date);
}

/** Index of the visit day containing `instant`, or -1 before/after the visit. */
export function visitDayIndex(visit: Visit, instant: number): number {
  const date = localDate(instant, visit.timezone);
  return visit.days.findIndex((d) => d.date === date);
}

export interface NowNext {
  current: VisitEvent[];
  next?: VisitEvent;
}

/** Events running at `instant` and the next one to start (cancelled events are neither). */
export function nowAndNext(visit: Visit, viewer: Viewer, instant: number): NowNext {
  const live = eventsFor(visit, viewer).filter((e) => !e.cancelled);
  return {
    current: live.filter((e) => e.start <= instant && instant < e.end),
    next: live.find((e) => e.start > instant),
  };
}

export function eventById(visit: Visit, id: string): VisitEvent | undefined {
  return visit.events.find((e) => e.id === id);
}

/** Where the visit stands at `instant`: before, during (with the day index) or after. */
export function visitPhase(visit: Visit, instant: number): { phase: "before" | "during" | "after"; day: number } {
  const date = localDate(instant, visit.timezone);
  const first = visit.days[0]!.date;
  const last = visit.days[visit.days.length - 1]!.date;
  if (date < first) return { phase: "before", day: 0 };
  if (date > last) return { phase: "after", day: visit.days.length - 1 };
  const day = visit.days.findIndex((d) => d.date === date);
  return { phase: "during", day: Math.max(0, day) };
}
