// The delegate's programme as an iCalendar file: stable UIDs and SEQUENCE numbers so that a phone calendar
// re-importing a newer file updates (or cancels) the events it already has instead of duplicating them.
import ical, { ICalEventStatus, type ICalTemporalPlainDateTimeStub, type ICalTemporalZonedDateTimeStub } from "ical-generator";
import { pick, type Lang } from "../../domain/language.ts";
import type { Visit, VisitEvent } from "../../domain/visit.ts";
import { contactVisibleTo, type Viewer } from "../../domain/agenda.ts";
import { isoWithOffset, startOfLocalDay, zoneOffsetMinutes } from "../../domain/time.ts";
import type { Translate } from "../i18n.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface CalendarOptions {
  lang: Lang;
  t: Translate;
  /** Committed changes per event id: the event's SEQUENCE. */
  sequences: ReadonlyMap<string, number>;
  /** DTSTAMP of every event (the moment the file was made). */
  stamp: number;
  /** Whose calendar it is: a contact's phone is only for that contact's audience. */
  viewer: Viewer;
}

/** Stable across files and changes, unique across visits. */
export const eventUid = (visit: Visit, event: VisitEvent) => `${event.id}@${visit.id}.attache`;

/** Wall-clock fields of an instant in a zone (the zone's offset applied, read back as UTC). */
function wall(instant: number, timeZone: string) {
  const d = new Date(instant + zoneOffsetMinutes(instant, timeZone) * MINUTE);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
  };
}

/**
 * The instant as a Temporal.ZonedDateTime look-alike. ical-generator formats native Dates in the process's own
 * zone, and Node has no Temporal yet; this gives it the visit-zone wall time for DTSTART;TZID=… without a library.
 */
function zoned(instant: number, timeZone: string): ICalTemporalZonedDateTimeStub {
  const fields = wall(instant, timeZone);
  const iso = isoWithOffset(instant, timeZone);
  const plain: ICalTemporalPlainDateTimeStub = {
    ...fields,
    toJSON: () => iso.slice(0, 19),
    toString: () => iso.slice(0, 19),
    toPlainDate: () => ({ year: fields.year, month: fields.month, day: fields.day, toJSON: () => iso.slice(0, 10), toString: () => iso.slice(0, 10) }),
    toZonedDateTime: (zone: string) => zoned(instant, zone),
  };
  return {
    ...fields,
    timeZoneId: timeZone,
    toInstant: () => ({
      epochMilliseconds: instant,
      toJSON: () => new Date(instant).toISOString(),
      toString: () => new Date(instant).toISOString(),
      toZonedDateTimeISO: (zone: string) => zoned(instant, zone),
    }),
    toPlainDateTime: () => plain,
    withTimeZone: (zone: string) => zoned(instant, zone),
    toJSON: () => iso,
    toString: () => iso,
  };
}

const offsetText = (minutes: number) => {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
};
const localStamp = (instant: number, offset: number) =>
  new Date(instant + offset * MINUTE).toISOString().replace(/[-:]/g, "").slice(0, 15);

/**
 * A VTIMEZONE for `timeZone` between two instants: the offset in force at `from`, then each transition found
 * (hour by hour, refined to the minute). RFC 5545 wants one for every TZID used; it covers the visit's days.
 */
export function vtimezone(timeZone: string, from: number, to: number): string {
  const initial = zoneOffsetMinutes(from, timeZone);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`, "BEGIN:STANDARD", "DTSTART:19700101T000000",
    `TZOFFSETFROM:${offsetText(initial)}`, `TZOFFSETTO:${offsetText(initial)}`, "END:STANDARD"];
  let before = initial;
  for (let t = from + HOUR; t <= to; t += HOUR) {
    const after = zoneOffsetMinutes(t, timeZone);
    if (after === before) continue;
    let lo = t - HOUR;
    let hi = t;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.round((hi - lo) / 2 / MINUTE) * MINUTE;
      if (zoneOffsetMinutes(mid, timeZone) === before) lo = mid;
      else hi = mid;
    }
    const kind = after > before ? "DAYLIGHT" : "STANDARD";
    lines.push(`BEGIN:${kind}`, `DTSTART:${localStamp(hi, before)}`, `TZOFFSETFROM:${offsetText(before)}`,
      `TZOFFSETTO:${offsetText(after)}`, `END:${kind}`);
    before = after;
  }
  lines.push("END:VTIMEZONE");
  return lines.join("\r\n");
}

function description(visit: Visit, e: VisitEvent, lang: Lang, t: Translate, viewer: Viewer): string | null {
  const contact = visit.contacts.find((c) => c.id === e.contact);
  const phone = contact && contactVisibleTo(visit, contact, viewer) ? ` (${contact.phone})` : "";
  const parts = [
    e.description && pick(e.description, lang),
    e.dressCode && `${t("event.dressCode")}: ${pick(e.dressCode, lang)}`,
    e.meetingPoint && `${t("event.meetingPoint")}: ${pick(e.meetingPoint, lang)}`,
    e.transport && `${t("event.transport")}: ${pick(e.transport, lang)}`,
    contact && `${t("event.contact")}: ${pick(contact.name, lang)}${phone}`,
    e.notes && `${t("event.notes")}: ${pick(e.notes, lang)}`,
  ].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join("\n\n") : null;
}

/** The .ics text for these events of the visit, in the reader's language. */
export function buildCalendar(visit: Visit, events: readonly VisitEvent[], o: CalendarOptions): string {
  const tz = visit.timezone;
  const first = startOfLocalDay(visit.days[0]!.date, tz);
  const last = startOfLocalDay(visit.days.at(-1)!.date, tz) + DAY;
  const calendar = ical({
    name: pick(visit.title, o.lang),
    prodId: "//Attache//Visit companion//EN",
    // No calendar-wide zone: ical-generator would then write DTSTAMP in local time, which RFC 5545 forbids.
    timezone: { name: null, generator: (zone) => vtimezone(zone, first - DAY, last + DAY) },
  });
  calendar.x("X-WR-TIMEZONE", tz);
  for (const e of events) {
    const venue = visit.venues.find((v) => v.id === e.venue);
    calendar.createEvent({
      id: eventUid(visit, e),
      sequence: o.sequences.get(e.id) ?? 0,
      stamp: new Date(o.stamp),
      start: zoned(e.start, tz),
      end: zoned(e.end, tz),
      timezone: tz,
      summary: pick(e.title, o.lang),
      description: description(visit, e, o.lang, o.t, o.viewer),
      location: venue
        ? { title: pick(venue.name, o.lang), address: pick(venue.address, o.lang), geo: { lat: venue.location.lat, lon: venue.location.lon } }
        : null,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
