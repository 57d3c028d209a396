import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, parseVisitSource } from "../../src/scenario/load.ts";
import { formatProblem } from "../../src/scenario/problems.ts";
import { DEFAULT_SCENARIO_DIR } from "../../src/config.ts";

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures");
const broken = (name: string) => {
  const text = readFileSync(path.join(FIXTURES, "broken", `${name}.yaml`), "utf8");
  const result = parseVisitSource(text, "visit.yaml");
  const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
  return { result, lineOf, text };
};
const messages = (r: ReturnType<typeof parseVisitSource>, severity: "error" | "warning") =>
  (severity === "error" ? (r.ok ? [] : r.errors) : r.warnings).map(formatProblem);

describe("the demo visit", () => {
  it("validates with no errors and no warnings", async () => {
    const result = await loadScenario(DEFAULT_SCENARIO_DIR);
    expect(result.ok ? [] : result.errors.map(formatProblem)).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([]);
  });
  it("spans three days in Minsk with events on each day and the article among its documents", async () => {
    const result = await loadScenario(DEFAULT_SCENARIO_DIR);
    if (!result.ok) throw new Error("demo visit is invalid");
    const { visit, documents } = result.scenario;
    expect(visit.timezone).toBe("Europe/Minsk");
    expect(visit.days).toHaveLength(3);
    expect(visit.illustrative).toBe(true);
    expect(documents.filter((d) => d.id === "article").map((d) => d.lang).sort()).toEqual(["en", "ru", "sr"]);
    expect(documents.find((d) => d.id === "article" && d.original)?.lang).toBe("ru");
  });
});

describe("a broken visit file", () => {
  it("names the line of an unknown venue and suggests the nearest id", () => {
    const { result, lineOf } = broken("unknown-venue");
    expect(messages(result, "error")).toEqual([
      `visit.yaml:${lineOf("venue: hotle")} events[3].venue: "hotle" is not a venue; did you mean "hotel"?`,
    ]);
  });
  it("names the line of an unknown contact", () => {
    const { result, lineOf } = broken("unknown-contact");
    expect(messages(result, "error")).toEqual([
      `visit.yaml:${lineOf("contact: liason")} events[0].contact: "liason" is not a contact; did you mean "liaison"?`,
    ]);
  });
  it("rejects an event outside the visit's days", () => {
    const { result, lineOf } = broken("outside-days");
    expect(messages(result, "error")).toEqual([
      `visit.yaml:${lineOf("start: 2024-09-27T19:00")} events[3].start: 2024-09-27T19:00 is outside the visit's days (2024-09-24, 2024-09-25)`,
    ]);
  });
  it("rejects an event that ends before it starts", () => {
    const { result, lineOf } = broken("ends-before-start");
    expect(messages(result, "error")[0]).toMatch(new RegExp(`^visit\\.yaml:${lineOf("end: 2024-09-24T09:00")} events\\[0\\]\\.end: the event ends`));
  });
  it("warns about overlapping events for the same audience but still loads", () => {
    const { result, lineOf, text } = broken("overlap");
    expect(result.ok).toBe(true);
    const workshopStart = text.split("\n").findIndex((l, i) => i > lineOf("id: workshop") - 1 && l.includes("start:")) + 1;
    expect(messages(result, "warning")).toEqual([
      `visit.yaml:${workshopStart} warning: events[2].start: "workshop" overlaps "tete-a-tete" for the same audience`,
    ]);
  });
  it("warns about a missing translation and falls back to another language", () => {
    const { result, lineOf } = broken("missing-translation");
    expect(messages(result, "warning")).toEqual([
      `visit.yaml:${lineOf("title: { ru: Ужин, en: Dinner }")} warning: events[3].title: missing translation: sr`,
    ]);
    if (!result.ok) throw new Error("should load");
    expect(result.visit.events.find((e) => e.id === "dinner")?.title.sr).toBe("Ужин");
  });
  it("warns when Serbian is written in Latin instead of Cyrillic", () => {
    const { result } = broken("latin-serbian");
    expect(messages(result, "warning")[0]).toContain("events[0].title.sr: write Serbian in Cyrillic");
  });
  it("warns when an event's contact is reserved for fewer people than the event reaches", () => {
    const { result, lineOf } = broken("narrow-contact");
    expect(result.ok).toBe(true);
    expect(messages(result, "warning")).toEqual([
      `visit.yaml:${lineOf("contact: driver-heads")} warning: events[3].contact: "driver-heads" is only for its own audience: expert, liaison will see the name without the phone`,
    ]);
  });
  it("rejects a duplicate id", () => {
    const { result } = broken("duplicate-id");
    expect(messages(result, "error")).toEqual(['visit.yaml:20 groups[2].id: duplicate id "heads"']);
  });
  it("rejects an unknown time zone", () => {
    const { result, lineOf } = broken("bad-timezone");
    expect(messages(result, "error")[0]).toBe(`visit.yaml:${lineOf("timezone:")} visit.timezone: "Europe/Minks" is not an IANA time zone (e.g. Europe/Minsk)`);
  });
  it("rejects a phone that is not in international form", () => {
    const { result, lineOf } = broken("bad-phone");
    expect(messages(result, "error")[0]).toMatch(new RegExp(`^visit\\.yaml:${lineOf('"0290000102"')} contacts\\[1\\]\\.phone: a phone is in international form`));
  });
  it("reports YAML syntax errors with their line", () => {
    const { result } = broken("yaml-syntax");
    expect(result.ok).toBe(false);
    expect(messages(result, "error")[0]).toMatch(/^visit\.yaml:[2-5] /);
  });
  it("reports an alias to nowhere and an alias bomb with a line, instead of crashing", () => {
    const dangling = parseVisitSource("visit:\n  id: *nope\n", "visit.yaml");
    expect(dangling.ok ? [] : dangling.errors.map(formatProblem)).toEqual([
      "visit.yaml:2 Unresolved alias (the anchor must be set before the alias): nope",
    ]);
    const bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    const exploded = parseVisitSource(bomb, "visit.yaml");
    expect(exploded.ok ? "" : formatProblem(exploded.errors[0]!)).toMatch(/^visit\.yaml:2 .*alias/i);
  });
  it("reports a missing file instead of throwing", async () => {
    const result = await loadScenario(path.join(FIXTURES, "does-not-exist"));
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : formatProblem(result.errors[0]!)).toMatch(/visit\.yaml:1 +file not found/);
  });
});
