// The structured visit as short factual passages in ru, sr and en. Organizer notes never enter them.
import { SOURCE_LANGS, type LocalizedText, type SourceLang } from "../domain/language.ts";
import type { Contact, Person, Venue, Visit, VisitEvent } from "../domain/visit.ts";
import { visitDayIndex } from "../domain/agenda.ts";
import { formatDay, formatTime, formatZone, startOfLocalDay } from "../domain/time.ts";
import { sentences as splitSentences } from "./normalize.ts";
import { readerLangOf, type Field, type Passage, type Sentence } from "./passage.ts";

/** Label lookup in one language (the i18n `t` of that language, used for plain labels only). */
export type Labels = (key: string, options?: Record<string, unknown>) => string;

interface Builder {
  visit: Visit;
  lang: SourceLang;
  label: Labels;
}

const text = (t: LocalizedText, lang: SourceLang): string => t[lang];

/** "Label: value." with the value's own final punctuation kept. */
function labelled(label: string, value: string, field: Field): Sentence {
  return { text: `${label}: ${endSentence(value)}`, field };
}

function endSentence(s: string): string {
  const trimmed = s.trim();
  return /[.!?…)»“"]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function split(value: string, lang: SourceLang, field: Field): Sentence[] {
  return splitSentences(value, readerLangOf(lang)).map((s) => ({ text: s, field }));
}

/** Every fact a delegate may ask about the visit, in each source language. */
export function visitPassages(visit: Visit, labelsFor: (lang: SourceLang) => Labels): Passage[] {
  const out: Passage[] = [];
  for (const lang of SOURCE_LANGS) {
    const b: Builder = { visit, lang, label: labelsFor(lang) };
    out.push(summaryPassage(b));
    visit.days.forEach((_, i) => out.push(dayPassage(b, i)));
    for (const e of visit.events) out.push(eventPassage(b, e));
    for (const v of visit.venues) out.push(venuePassage(b, v));
    for (const c of visit.contacts) out.push(contactPassage(b, c));
    for (const p of visit.people) out.push(personPassage(b, p));
  }
  return out;
}

function dayLabel(b: Builder, index: number): string {
  const day = b.visit.days[index]!;
  const midday = startOfLocalDay(day.date, b.visit.timezone) + 12 * 3_600_000;
  return `${b.label("answers.passage.day", { n: index + 1 })}, ${formatDay(midday, readerLangOf(b.lang), b.visit.timezone)}`;
}

function summaryPassage(b: Builder): Passage {
  const { visit, lang, label } = b;
  const first = dayLabel(b, 0);
  const last = dayLabel(b, visit.days.length - 1);
  return {
    key: "visit",
    kind: "visit",
    lang,
    title: text(visit.title, lang),
    sentences: [
      { text: endSentence(text(visit.title, lang)), field: "headline" },
      ...split(text(visit.summary, lang), lang, "description"),
      labelled(label("answers.passage.host"), text(visit.host, lang), "description"),
      labelled(label("answers.passage.delegation"), text(visit.delegation, lang), "description"),
      labelled(label("answers.passage.dates"), `${first} – ${last}`, "time"),
    ],
    audience: { everyone: true },
  };
}

function dayPassage(b: Builder, index: number): Passage {
  const day = b.visit.days[index]!;
  return {
    key: `day:${index}`,
    kind: "day",
    lang: b.lang,
    title: dayLabel(b, index),
    sentences: [{ text: `${dayLabel(b, index)}: ${endSentence(text(day.title, b.lang))}`, field: "headline" }],
    audience: { everyone: true },
    day: index,
  };
}

function contactLine(c: Contact, lang: SourceLang, withPhone: boolean): string {
  return withPhone ? `${text(c.name, lang)}, ${c.phone}` : text(c.name, lang);
}

function eventPassage(b: Builder, e: VisitEvent): Passage {
  const { visit, lang, label } = b;
  const reader = readerLangOf(lang);
  const day = visitDayIndex(visit, e.start);
  const when = `${formatTime(e.start, reader, visit.timezone)}–${formatTime(e.end, reader, visit.timezone)}`;
  const zone = formatZone(e.start, reader, visit.timezone);
  const title = text(e.title, lang);
  const s: Sentence[] = [
    { text: `${endSentence(title)} ${day >= 0 ? dayLabel(b, day) : ""}, ${when} (${zone}).`, field: "headline" },
  ];
  if (e.cancelled) s.push({ text: endSentence(label("answers.passage.cancelled")), field: "headline" });
  const venue = visit.venues.find((v) => v.id === e.venue);
  if (venue) {
    s.push(labelled(label("answers.passage.venue"), `${text(venue.name, lang)}, ${text(venue.address, lang)}`, "venue"));
  }
  if (e.description) s.push(...split(text(e.description, lang), lang, "description"));
  const audience = e.audience.everyone
    ? label("answers.passage.everyone")
    : [
        ...e.audience.groups.map((g) => visit.groups.find((x) => x.id === g)),
        ...e.audience.people.map((p) => visit.people.find((x) => x.id === p)),
      ]
        .map((x) => (x ? text(x.name, lang) : undefined))
        .filter((x): x is string => x !== undefined)
        .join(", ");
  s.push(labelled(label("answers.passage.for"), audience, "audience"));
  if (e.dressCode) s.push(labelled(label("event.dressCode"), text(e.dressCode, lang), "dress"));
  if (e.transport) s.push(labelled(label("event.transport"), text(e.transport, lang), "transport"));
  if (e.meetingPoint) s.push(labelled(label("event.meetingPoint"), text(e.meetingPoint, lang), "meeting"));
  const person = (id: string | undefined) => visit.contacts.find((c) => c.id === id);
  // A contact meant for a narrower audience than the event's keeps its phone out of the shared passage.
  const interpreter = person(e.interpreter);
  if (interpreter) {
    s.push(labelled(label("event.interpreter"), contactLine(interpreter, lang, reachesAll(interpreter, e)), "interpreter"));
  }
  const contact = person(e.contact);
  if (contact) s.push(labelled(label("event.contact"), contactLine(contact, lang, reachesAll(contact, e)), "contact"));
  if (e.notes) s.push(...split(text(e.notes, lang), lang, "notes"));
  return {
    key: `event:${e.id}`,
    kind: "event",
    lang,
    title,
    sentences: s,
    audience: e.audience,
    ...(day >= 0 ? { day } : {}),
  };
}

function reachesAll(c: Contact, e: VisitEvent): boolean {
  if (c.emergency || c.audience.everyone) return true;
  if (e.audience.everyone) return false;
  const ca = c.audience;
  return e.audience.groups.every((g) => ca.groups.includes(g)) && e.audience.people.every((p) => ca.people.includes(p));
}

function venuePassage(b: Builder, v: Venue): Passage {
  const { lang, label } = b;
  const s: Sentence[] = [
    { text: endSentence(text(v.name, lang)), field: "headline" },
    labelled(label("answers.passage.address"), text(v.address, lang), "address"),
  ];
  if (v.directions) s.push(labelled(label("venues.directions"), text(v.directions, lang), "directions"));
  if (v.entrance) s.push(labelled(label("venues.entrance"), text(v.entrance, lang), "entrance"));
  return { key: `venue:${v.id}`, kind: "venue", lang, title: text(v.name, lang), sentences: s, audience: { everyone: true } };
}

function contactPassage(b: Builder, c: Contact): Passage {
  const { lang, label } = b;
  const role = label(`contacts.role.${c.role}`);
  const s: Sentence[] = [
    { text: `${role}: ${endSentence(text(c.name, lang))}`, field: "role" },
    labelled(label("answers.passage.phone"), c.phone, "phone"),
  ];
  if (c.telegram) s.push(labelled("Telegram", `@${c.telegram.replace(/^@/, "")}`, "phone"));
  if (c.hours) s.push(labelled(label("answers.passage.hours"), text(c.hours, lang), "hours"));
  if (c.languages.length) s.push(labelled(label("answers.passage.languages"), c.languages.join(", "), "languages"));
  return {
    key: `contact:${c.id}`,
    kind: "contact",
    lang,
    title: `${role}: ${text(c.name, lang)}`,
    sentences: s,
    audience: c.audience,
    emergency: c.emergency,
  };
}

/** Name, role and groups only: never a Telegram id, never anything from a user's profile. */
function personPassage(b: Builder, p: Person): Passage {
  const { visit, lang, label } = b;
  const groups = p.groups
    .map((g) => visit.groups.find((x) => x.id === g))
    .filter((g) => g !== undefined)
    .map((g) => text(g.name, lang));
  const s: Sentence[] = [{ text: `${text(p.name, lang)} — ${endSentence(text(p.role, lang))}`, field: "role" }];
  if (groups.length) s.push(labelled(label("answers.passage.group"), groups.join(", "), "role"));
  return { key: `person:${p.id}`, kind: "person", lang, title: text(p.name, lang), sentences: s, audience: { everyone: true } };
}
