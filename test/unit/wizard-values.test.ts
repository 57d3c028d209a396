import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.ts";
import { editTime, parseClock } from "../../src/domain/edits.ts";
import { eventById } from "../../src/domain/agenda.ts";
import { formatTime } from "../../src/domain/time.ts";
import { decode, encode } from "../../src/bot/keyboards/callback-data.ts";
import { givenCopies } from "../../src/bot/features/organizer/announcements.ts";

const MINI = path.join(import.meta.dirname, "..", "fixtures", "mini");

async function mini() {
  const loaded = await loadScenario(MINI);
  if (!loaded.ok) throw new Error("the mini fixture does not load");
  return loaded.scenario.visit;
}

describe("a typed time in the /change wizard", () => {
  it("reads HH:MM and H.MM, and refuses anything else", () => {
    expect(parseClock("11:30")).toBe("11:30");
    expect(parseClock(" 9.05 ")).toBe("09:05");
    for (const bad of ["25:99", "11:60", "1130", "11:3", "eleven"]) expect(parseClock(bad)).toBeUndefined();
  });

  it("moves the start on the event's own day, keeping its length, and a new end must follow the start", async () => {
    const visit = await mini();
    const meeting = eventById(visit, "meeting")!;
    const moved = editTime(visit, meeting, "move", "11:30");
    expect(moved.ok && [formatTime(moved.after.start, "en", visit.timezone), formatTime(moved.after.end, "en", visit.timezone)]).toEqual(["11:30", "13:30"]);
    expect(editTime(visit, meeting, "end", "09:00")).toEqual({ ok: false, reason: "endBeforeStart" });
    expect(editTime(visit, eventById(visit, "dinner")!, "move", "23:30")).toEqual({ ok: false, reason: "outsideVisit" });
  });
});

describe("wizard buttons", () => {
  it("encode ids only and decode back; forged steps are refused", () => {
    const cb = { kind: "wizard", step: "event", value: "tete-a-tete" } as const;
    expect(decode(encode(cb))).toEqual(cb);
    expect(decode(encode({ kind: "wizard", step: "cancel", value: "" }))).toEqual({ kind: "wizard", step: "cancel", value: "" });
    for (const forged of ["w:constructor:x", "w:q:x", "w:e:<b>", "w:e", "ao:short"]) expect(decode(forged)).toBeUndefined();
  });
});

describe("an announcement given in every language", () => {
  it("splits ru:/sr:/en: lines, keeping a copy's further lines with it", () => {
    expect(givenCopies("ru: Ужин в 19:30.\nПриходите заранее.\nsr: Вечера у 19:30.\nEN: Dinner at 19:30.")).toEqual({
      ru: "Ужин в 19:30.\nПриходите заранее.",
      sr: "Вечера у 19:30.",
      en: "Dinner at 19:30.",
    });
    expect(givenCopies("Dinner at 19:30. ru: see below")).toBeUndefined();
  });
});
