// Cross-checks a schema-valid visit file (references, times, translations) and turns it into the domain Visit.
import type { Audience, Visit, VisitEvent } from "../domain/visit.ts";
import { audienceIncludes, audienceMembers } from "../domain/agenda.ts";
import { SOURCE_LANGS, type LocalizedText } from "../domain/language.ts";
import { localDate, parseVisitTime } from "../domain/time.ts";
import { NON_SERBIAN_CYRILLIC } from "../domain/translit.ts";
import type { LocalizedInput, VisitFile } from "./schema.ts";
import { suggest, type ScenarioProblem } from "./problems.ts";
import type { Locate } from "./load.ts";

type Path = Array<string | number>;

export function buildVisit(file: VisitFile, locate: Locate): { visit?: Visit; problems: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const error = (p: Path, message: string) => problems.push(locate(p, message, "error"));
  const warn = (p: Path, message: string) => problems.push(locate(p, message, "warning"));
  const text = (value: LocalizedInput, p: Path) => localized(value, p, warn);
  const optText = (value: LocalizedInput | undefined, p: Path) => (value ? text(value, p) : undefined);

  const tz = file.visit.timezone;
  if (!isTimeZone(tz)) {
    error(["visit", "timezone"], `"${tz}" is not an IANA time zone (e.g. Europe/Minsk)`);
    return { problems };
  }
  checkUnique(file.groups, ["groups"], error);
  checkUnique(file.people, ["people"], error);
  checkUnique(file.venues, ["venues"], error);
  checkUnique(file.contacts, ["contacts"], error);
  checkUnique(file.events, ["events"], error);

  const groupIds = file.groups.map((g) => g.id);
  const personIds = file.people.map((p) => p.id);
  const venueIds = file.venues.map((v) => v.id);
  const contactIds = file.contacts.map((c) => c.id);
  const ref = (value: string, known: string[], kind: string, p: Path) => {
    if (known.includes(value)) return;
    const hint = suggest(value, known);
    error(p, `"${value}" is not ${kind}${hint ? `; did you mean "${hint}"?` : ""}`);
  };
  const audience = (a: VisitFile["events"][number]["audience"], p: Path): Audience => {
    if (a === "everyone") return { everyone: true };
    a.groups.forEach((g, i) => ref(g, groupIds, "a group", [...p, "groups", i]));
    a.people.forEach((x, i) => ref(x, personIds, "a person", [...p, "people", i]));
    if (a.groups.length === 0 && a.people.length === 0) error(p, "an audience names at least one group or person");
    return { everyone: false, groups: a.groups, people: a.people };
  };

  const days = file.visit.days.map((d, i) => ({ date: d.date, title: text(d.title, ["visit", "days", i, "title"]) }));
  const dates = days.map((d) => d.date);
  file.people.forEach((person, i) =>
    person.groups.forEach((g, j) => ref(g, groupIds, "a group", ["people", i, "groups", j])),
  );

  const events: VisitEvent[] = [];
  file.events.forEach((e, i) => {
    const p: Path = ["events", i];
    const start = parseVisitTime(e.start, tz);
    const end = parseVisitTime(e.end, tz);
    if (start === undefined) error([...p, "start"], `"${e.start}" is not a valid time`);
    if (end === undefined) error([...p, "end"], `"${e.end}" is not a valid time`);
    if (start === undefined || end === undefined) return;
    if (end <= start) error([...p, "end"], `the event ends (${e.end}) before it starts (${e.start})`);
    if (!dates.includes(localDate(start, tz)))
      error([...p, "start"], `${e.start} is outside the visit's days (${dates.join(", ")})`);
    if (e.venue) ref(e.venue, venueIds, "a venue", [...p, "venue"]);
    if (e.contact) ref(e.contact, contactIds, "a contact", [...p, "contact"]);
    if (e.interpreter) ref(e.interpreter, contactIds, "a contact", [...p, "interpreter"]);
    events.push({
      id: e.id, start, end,
      title: text(e.title, [...p, "title"]),
      description: optText(e.description, [...p, "description"]),
      venue: e.venue,
      audience: audience(e.audience, [...p, "audience"]),
      dressCode: optText(e.dress_code, [...p, "dress_code"]),
      transport: optText(e.transport, [...p, "transport"]),
      meetingPoint: optText(e.meeting_point, [...p, "meeting_point"]),
      interpreter: e.interpreter,
      contact: e.contact,
      notes: optText(e.notes, [...p, "notes"]),
      organizerNotes: e.organizer_notes,
      cancelled: e.cancelled,
    });
  });
  checkOverlaps(events, file, warn);

  const visit: Visit = {
    id: file.visit.id,
    illustrative: file.visit.illustrative,
    title: text(file.visit.title, ["visit", "title"]),
    summary: text(file.visit.summary, ["visit", "summary"]),
    host: text(file.visit.host, ["visit", "host"]),
    delegation: text(file.visit.delegation, ["visit", "delegation"]),
    timezone: tz,
    days,
    groups: file.groups.map((g, i) => ({ id: g.id, name: text(g.name, ["groups", i, "name"]) })),
    people: file.people.map((x, i) => ({
      id: x.id,
      name: text(x.name, ["people", i, "name"]),
      role: text(x.role, ["people", i, "role"]),
      groups: x.groups,
      organizer: x.organizer,
      delegate: x.delegate,
      telegramId: x.telegram_id,
    })),
    venues: file.venues.map((v, i) => ({
      id: v.id,
      name: text(v.name, ["venues", i, "name"]),
      address: text(v.address, ["venues", i, "address"]),
      location: v.location,
      directions: optText(v.directions, ["venues", i, "directions"]),
      entrance: optText(v.entrance, ["venues", i, "entrance"]),
    })),
    contacts: file.contacts.map((c, i) => ({
      id: c.id,
      role: c.role,
      name: text(c.name, ["contacts", i, "name"]),
      phone: c.phone,
      telegram: c.telegram?.replace(/^@/, ""),
      languages: c.languages,
      hours: optText(c.hours, ["contacts", i, "hours"]),
      emergency: c.emergency,
      audience: audience(c.audience, ["contacts", i, "audience"]),
    })),
    events: events.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id)),
  };
  checkContactReach(visit, file, warn);
  return { visit, problems };
}

/** Fills a missing language from the others (en, then ru, then sr) and warns; flags Latin-script Serbian. */
function localized(value: LocalizedInput, p: Path, warn: (p: Path, m: string) => void): LocalizedText {
  const missing = SOURCE_LANGS.filter((l) => value[l] === undefined);
  if (missing.length > 0) warn(p, `missing translation: ${missing.join(", ")}`);
  const fallback = value.en ?? value.ru ?? value.sr ?? "";
  const sr = value.sr ?? value.ru ?? fallback;
  if (value.sr !== undefined && latinShare(value.sr) > 0.5)
    warn([...p, "sr"], "write Serbian in Cyrillic; the Latin script is generated from it");
  else if (value.sr !== undefined && NON_SERBIAN_CYRILLIC.test(value.sr))
    warn([...p, "sr"], `"${NON_SERBIAN_CYRILLIC.exec(value.sr)![0]}" is not a letter of Serbian Cyrillic (Russian text in the sr field?)`);
  return { ru: value.ru ?? fallback, sr, en: value.en ?? fallback };
}

function latinShare(text: string): number {
  const latin = (text.match(/[A-Za-zČčĆćŽžŠšĐđ]/g) ?? []).length;
  const cyrillic = (text.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  return latin + cyrillic === 0 ? 0 : latin / (latin + cyrillic);
}

/**
 * An event's contact or interpreter whose own audience is narrower than the event's: the others in the event
 * see the name without the phone. Usually a slip in the file, so say so.
 */
function checkContactReach(visit: Visit, file: VisitFile, warn: (p: Path, m: string) => void): void {
  const index = new Map(file.events.map((e, i) => [e.id, i]));
  for (const event of visit.events) {
    for (const field of ["contact", "interpreter"] as const) {
      const contact = visit.contacts.find((c) => c.id === event[field]);
      if (!contact || contact.emergency || contact.audience.everyone) continue;
      const left = audienceMembers(visit, event.audience).filter(
        (p) => !audienceIncludes(visit, contact.audience, { personId: p.id, organizer: false }),
      );
      const guestsLeft = event.audience.everyone;
      if (left.length === 0 && !guestsLeft) continue;
      const who = left.length ? left.map((p) => p.id).join(", ") : "guests";
      warn(["events", index.get(event.id)!, field], `"${contact.id}" is only for its own audience: ${who} will see the name without the phone`);
    }
  }
}

function checkUnique(items: Array<{ id: string }>, p: Path, error: (p: Path, m: string) => void): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) error([...p, i, "id"], `duplicate id "${item.id}"`);
    seen.add(item.id);
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Two events that overlap in time for a shared part of their audience confuse a delegate: warn. */
function checkOverlaps(events: VisitEvent[], file: VisitFile, warn: (p: Path, m: string) => void): void {
  const index = new Map(file.events.map((e, i) => [e.id, i]));
  for (let i = 0; i < events.length; i++) {
    for (let j = i + 1; j < events.length; j++) {
      const a = events[i]!;
      const b = events[j]!;
      if (a.cancelled || b.cancelled || a.start >= b.end || b.start >= a.end) continue;
      if (!audiencesMeet(a.audience, b.audience, file)) continue;
      warn(["events", index.get(b.id)!, "start"], `"${b.id}" overlaps "${a.id}" for the same audience`);
    }
  }
}

function audiencesMeet(a: Audience, b: Audience, file: VisitFile): boolean {
  if (a.everyone || b.everyone) return true;
  const members = (x: Exclude<Audience, { everyone: true }>) =>
    new Set([...x.people, ...file.people.filter((p) => p.groups.some((g) => x.groups.includes(g))).map((p) => p.id)]);
  const ma = members(a);
  if (a.groups.some((g) => b.groups.includes(g))) return true;
  return [...members(b)].some((p) => ma.has(p));
}
