// What an organizer's typed "HH:MM" means for an event: a new start (duration kept) or a new end, on its own day.
import type { Visit, VisitEvent } from "./visit.ts";
import { moveTo, stateOf, type EventState } from "./changes.ts";
import { localDate, parseVisitTime } from "./time.ts";

export type TimeEdit = "move" | "end";

export type TimeEditResult =
  | { ok: true; after: EventState }
  | { ok: false; reason: "badTime" | "outsideVisit" | "endBeforeStart" };

/** "11:30", "9.05" → "11:30", "09:05"; anything else (25:99, 1130) → undefined. */
export function parseClock(text: string): string | undefined {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return `${m[1]!.padStart(2, "0")}:${m[2]}`;
}

/** The event with a new start or end at `text` on the event's day, or why that cannot be. */
export function editTime(visit: Visit, event: VisitEvent, edit: TimeEdit, text: string): TimeEditResult {
  const clock = parseClock(text);
  if (!clock) return { ok: false, reason: "badTime" };
  const tz = visit.timezone;
  const at = parseVisitTime(`${localDate(event.start, tz)}T${clock}`, tz)!;
  if (edit === "end") {
    if (at <= event.start) return { ok: false, reason: "endBeforeStart" };
    return { ok: true, after: { ...stateOf(event), end: at } };
  }
  const after = moveTo(event, at);
  const days = visit.days.map((d) => d.date);
  if (!days.includes(localDate(after.end - 1, tz))) return { ok: false, reason: "outsideVisit" };
  return { ok: true, after };
}
