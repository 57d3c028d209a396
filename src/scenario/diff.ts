// What a reloaded visit.yaml changes against the live programme: events added, removed, moved, cancelled
// or otherwise changed, venues and contacts changed, other sections touched. Pure: visits in, a diff out.
import type { LocalizedText } from "../domain/language.ts";
import type { Contact, Venue, Visit, VisitEvent } from "../domain/visit.ts";

/** An event in both versions; `fields` are the visit.yaml names of what differs (start, venue, dress_code…). */
export interface EventDiff {
  id: string;
  before: VisitEvent;
  after: VisitEvent;
  fields: string[];
}

/** A venue or contact, named as it is now (or was, when removed), with the fields that differ. */
export interface EntryDiff {
  id: string;
  name: LocalizedText;
  fields: string[];
}

export interface EntriesDiff {
  added: EntryDiff[];
  removed: EntryDiff[];
  changed: EntryDiff[];
}

export interface VisitDiff {
  added: VisitEvent[];
  removed: VisitEvent[];
  /** New start or end (and not newly cancelled). */
  moved: EventDiff[];
  /** Cancelled in the new version, not in the old one. */
  cancelled: EventDiff[];
  /** Anything else that differs: venue, texts, audience, a reinstated event… */
  changed: EventDiff[];
  venues: EntriesDiff;
  contacts: EntriesDiff;
  /** Other parts of the file that differ: visit, days, groups, people. */
  sections: string[];
}

const EVENT_FIELDS: Array<[keyof VisitEvent, string]> = [
  ["start", "start"], ["end", "end"], ["title", "title"], ["description", "description"], ["venue", "venue"],
  ["audience", "audience"], ["dressCode", "dress_code"], ["transport", "transport"], ["meetingPoint", "meeting_point"],
  ["interpreter", "interpreter"], ["contact", "contact"], ["notes", "notes"], ["organizerNotes", "organizer_notes"],
  ["cancelled", "cancelled"],
];
const VENUE_FIELDS: Array<keyof Venue> = ["name", "address", "location", "directions", "entrance"];
const CONTACT_FIELDS: Array<keyof Contact> = ["role", "name", "phone", "telegram", "languages", "hours", "emergency", "audience"];

/** Fields delegates never see: a change to them alone is no news for anyone but the organizers. */
export const ORGANIZER_ONLY_FIELDS: readonly string[] = ["organizer_notes"];

/** JSON with sorted keys and undefined dropped, so two equal values built in a different order compare equal. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export const same = (a: unknown, b: unknown): boolean => stable(a) === stable(b);

function differingFields<T>(before: T, after: T, fields: ReadonlyArray<readonly [keyof T, string]>): string[] {
  return fields.filter(([key]) => !same(before[key], after[key])).map(([, name]) => name);
}

function eventDiffs(before: Visit, after: Visit): Pick<VisitDiff, "added" | "removed" | "moved" | "cancelled" | "changed"> {
  const old = new Map(before.events.map((e) => [e.id, e]));
  const now = new Map(after.events.map((e) => [e.id, e]));
  const out: Pick<VisitDiff, "added" | "removed" | "moved" | "cancelled" | "changed"> = {
    added: after.events.filter((e) => !old.has(e.id)),
    removed: before.events.filter((e) => !now.has(e.id)),
    moved: [],
    cancelled: [],
    changed: [],
  };
  for (const e of after.events) {
    const was = old.get(e.id);
    if (!was) continue;
    const fields = differingFields(was, e, EVENT_FIELDS);
    if (fields.length === 0) continue;
    const diff = { id: e.id, before: was, after: e, fields };
    if (e.cancelled && !was.cancelled) out.cancelled.push(diff);
    else if (!e.cancelled && (fields.includes("start") || fields.includes("end"))) out.moved.push(diff);
    else out.changed.push(diff);
  }
  return out;
}

function entryDiffs<T extends { id: string; name: LocalizedText }>(before: T[], after: T[], keys: ReadonlyArray<keyof T>): EntriesDiff {
  const fields = keys.map((k) => [k, String(k)] as const);
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  const entry = (x: T, f: string[] = []): EntryDiff => ({ id: x.id, name: x.name, fields: f });
  const changed: EntryDiff[] = [];
  for (const x of after) {
    const was = old.get(x.id);
    const f = was ? differingFields(was, x, fields) : [];
    if (f.length > 0) changed.push(entry(x, f));
  }
  return {
    added: after.filter((x) => !old.has(x.id)).map((x) => entry(x)),
    removed: before.filter((x) => !now.has(x.id)).map((x) => entry(x)),
    changed,
  };
}

const VISIT_FIELDS = ["id", "illustrative", "title", "summary", "host", "delegation", "timezone"] as const;

/** The difference from `before` (the live programme) to `after` (the new file). */
export function diffVisits(before: Visit, after: Visit): VisitDiff {
  const sections: string[] = [];
  if (VISIT_FIELDS.some((k) => !same(before[k], after[k]))) sections.push("visit");
  for (const k of ["days", "groups", "people"] as const) if (!same(before[k], after[k])) sections.push(k);
  return {
    ...eventDiffs(before, after),
    venues: entryDiffs(before.venues, after.venues, VENUE_FIELDS),
    contacts: entryDiffs(before.contacts, after.contacts, CONTACT_FIELDS),
    sections,
  };
}

export function isEmptyDiff(d: VisitDiff): boolean {
  const entries = (e: EntriesDiff) => e.added.length + e.removed.length + e.changed.length;
  return d.added.length + d.removed.length + d.moved.length + d.cancelled.length + d.changed.length
    + entries(d.venues) + entries(d.contacts) + d.sections.length === 0;
}

/** Events whose change delegates should hear about: moved, cancelled, removed, and changed in what they see. */
export function newsworthy(d: VisitDiff): { changes: EventDiff[]; removed: VisitEvent[] } {
  const visible = (x: EventDiff) => x.fields.some((f) => !ORGANIZER_ONLY_FIELDS.includes(f));
  return { changes: [...d.moved, ...d.cancelled, ...d.changed.filter(visible)], removed: d.removed };
}
