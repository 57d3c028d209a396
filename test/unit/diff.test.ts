import { describe, expect, it } from "vitest";
import { parseVisitSource } from "../../src/scenario/load.ts";
import { diffVisits, isEmptyDiff, newsworthy } from "../../src/scenario/diff.ts";
import { applyOverrides } from "../../src/domain/changes.ts";
import type { Visit } from "../../src/domain/visit.ts";
import { editedMini, MINI_SOURCE as MINI } from "../helpers/mini-source.ts";

function visit(source: string): Visit {
  const parsed = parseVisitSource(source, "visit.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  return parsed.visit;
}

const edited = (...edits: Array<[string | RegExp, string]>) => visit(editedMini(...edits));
const base = visit(MINI);
const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);

describe("diffVisits", () => {
  it("finds nothing between a visit and itself, even when its objects were rebuilt", () => {
    const d = diffVisits(base, visit(MINI));
    expect(isEmptyDiff(d)).toBe(true);
  });

  it("reports a new start time as a move with the fields that changed", () => {
    const d = diffVisits(base, edited(["start: 2024-09-24T10:00", "start: 2024-09-24T11:00"], ["end: 2024-09-24T12:00", "end: 2024-09-24T13:00"]));
    expect(ids(d.moved)).toEqual(["meeting"]);
    expect(d.moved[0]!.fields).toEqual(["start", "end"]);
    expect(d.moved[0]!.after.start - d.moved[0]!.before.start).toBe(3_600_000);
    expect([d.added, d.removed, d.cancelled, d.changed].every((x) => x.length === 0)).toBe(true);
  });

  it("reports a cancellation as cancelled, even when the time changed too", () => {
    const d = diffVisits(base, edited(["    venue: hotel", "    venue: hotel\n    cancelled: true"], ["start: 2024-09-25T19:00", "start: 2024-09-25T18:00"]));
    expect(ids(d.cancelled)).toEqual(["dinner"]);
    expect(d.cancelled[0]!.fields).toEqual(["start", "cancelled"]);
    expect(d.moved).toEqual([]);
  });

  it("tells added and removed events apart from changed ones", () => {
    const d = diffVisits(base, edited(["id: workshop", "id: workshop-2"]));
    expect(ids(d.added)).toEqual(["workshop-2"]);
    expect(ids(d.removed)).toEqual(["workshop"]);
    expect(d.changed).toEqual([]);
  });

  it("lists changed texts, venues and audiences under changed, by their visit.yaml names", () => {
    const d = diffVisits(base, edited(["dress_code: { ru: Деловой костюм, sr: Пословно одело, en: Business suit }", "dress_code: { ru: Смокинг, sr: Смокинг, en: Black tie }"], [/venue: ministry\n    audience: \{ groups: \[heads\] \}/, "venue: hotel\n    audience: { groups: [heads, experts] }"]));
    expect(d.changed.map((c) => [c.id, c.fields])).toEqual([["meeting", ["dress_code"]], ["tete-a-tete", ["venue", "audience"]]]);
  });

  it("counts the live programme's overrides: a file that still has the old time moves the event back", () => {
    const meeting = base.events.find((e) => e.id === "meeting")!;
    const live = applyOverrides(base, { meeting: { start: meeting.start + 3_600_000, end: meeting.end + 3_600_000, venue: "ministry", cancelled: false } });
    const d = diffVisits(live, base);
    expect(ids(d.moved)).toEqual(["meeting"]);
    expect(d.moved[0]!.after.start).toBe(meeting.start);
  });

  it("reports venues and contacts added, removed and changed, and other sections touched", () => {
    const d = diffVisits(base, edited(
      ["28 Internatsionalnaya St", "30 Internatsionalnaya St"],
      ['phone: "+375290000102"', 'phone: "+375290000199"'],
      ["  - id: emergency\n    role: emergency", "  - id: sos\n    role: emergency"],
      ["title: { ru: Переговоры, sr: Преговори, en: Talks }", "title: { ru: Переговоры, sr: Преговори, en: Negotiations }"],
    ));
    expect(d.venues.changed).toEqual([{ id: "hotel", name: base.venues[1]!.name, fields: ["address"] }]);
    expect(d.contacts.changed.map((c) => [c.id, c.fields])).toEqual([["driver-heads", ["phone"]]]);
    expect(ids(d.contacts.added)).toEqual(["sos"]);
    expect(ids(d.contacts.removed)).toEqual(["emergency"]);
    expect(d.sections).toEqual(["days"]);
    expect(isEmptyDiff(d)).toBe(false);
  });

  it("does not count a change to organizer notes alone as news for delegates", () => {
    const d = diffVisits(base, edited(["organizer_notes: Gift exchange after the meeting", "organizer_notes: Gifts before the meeting"]));
    expect(d.changed.map((c) => c.fields)).toEqual([["organizer_notes"]]);
    expect(newsworthy(d).changes).toEqual([]);
  });
});
