// The stable machine-readable form of a visit printed by `attache check --json`; other tools read it.
import type { Audience } from "../domain/visit.ts";
import { isoWithOffset } from "../domain/time.ts";
import type { Scenario } from "./load.ts";

const audienceJson = (a: Audience) => (a.everyone ? "everyone" : { groups: a.groups, people: a.people });

export function normalizedVisit(scenario: Scenario) {
  const v = scenario.visit;
  const tz = v.timezone;
  return {
    visit: {
      id: v.id,
      title: v.title,
      timezone: tz,
      dates: v.days.map((d) => d.date),
      illustrative: v.illustrative,
    },
    groups: v.groups.map((g) => ({ id: g.id, name: g.name })),
    people: v.people.map((p) => ({ id: p.id, name: p.name, groups: p.groups, organizer: p.organizer, delegate: p.delegate })),
    venues: v.venues.map((x) => ({ id: x.id, name: x.name, address: x.address, location: x.location })),
    contacts: v.contacts.map((c) => ({ id: c.id, role: c.role, name: c.name, phone: c.phone, emergency: c.emergency })),
    events: v.events.map((e) => ({
      id: e.id,
      start: isoWithOffset(e.start, tz),
      end: isoWithOffset(e.end, tz),
      title: e.title,
      venue: e.venue ?? null,
      audience: audienceJson(e.audience),
      cancelled: e.cancelled,
    })),
    documents: scenario.documents.map((d) => ({ id: d.id, lang: d.lang, title: d.title, file: d.file, original: d.original })),
  };
}
