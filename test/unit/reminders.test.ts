import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.ts";
import type { Visit } from "../../src/domain/visit.ts";
import type { ScheduleChange } from "../../src/domain/changes.ts";
import { briefingWindow, dueReminders, escalationDue, liveReminderEvent } from "../../src/domain/reminders.ts";
import { decode, encode } from "../../src/bot/keyboards/callback-data.ts";

const MINI = path.join(import.meta.dirname, "..", "fixtures", "mini");
const at = (local: string) => Date.parse(`${local}:00+03:00`);
let visit: Visit;
beforeAll(async () => {
  const loaded = await loadScenario(MINI);
  if (!loaded.ok) throw new Error("mini fixture does not load");
  visit = loaded.scenario.visit;
});

const guest = { organizer: false };
const minister = { personId: "minister", organizer: false };
const ids = (events: { id: string }[]) => events.map((e) => e.id);

describe("when a reminder is due", () => {
  it("from the lead time before the start until the start, never after", () => {
    expect(ids(dueReminders(visit, guest, 30, at("2024-09-24T09:29")))).toEqual([]);
    expect(ids(dueReminders(visit, guest, 30, at("2024-09-24T09:30")))).toEqual(["meeting"]);
    expect(ids(dueReminders(visit, guest, 30, at("2024-09-24T09:59")))).toEqual(["meeting"]);
    expect(ids(dueReminders(visit, guest, 30, at("2024-09-24T10:00")))).toEqual([]);
    expect(ids(dueReminders(visit, guest, 60, at("2024-09-24T09:00")))).toEqual(["meeting"]);
  });

  it("only for the reader's own events, and never when reminders are off", () => {
    expect(ids(dueReminders(visit, minister, 30, at("2024-09-24T11:50")))).toEqual(["tete-a-tete"]);
    expect(ids(dueReminders(visit, guest, 30, at("2024-09-24T11:50")))).toEqual([]);
    expect(ids(dueReminders(visit, minister, 0, at("2024-09-24T09:45")))).toEqual([]);
  });

  it("not for a cancelled event", () => {
    const cancelled = { ...visit, events: visit.events.map((e) => (e.id === "meeting" ? { ...e, cancelled: true } : e)) };
    expect(dueReminders(cancelled, guest, 30, at("2024-09-24T09:45"))).toEqual([]);
  });

  it("a queued reminder stands only while its event keeps the same start and has not begun", () => {
    const start = at("2024-09-24T10:00");
    expect(liveReminderEvent(visit, "meeting", start, start - 1)?.id).toBe("meeting");
    expect(liveReminderEvent(visit, "meeting", start, start)).toBeUndefined();
    expect(liveReminderEvent(visit, "meeting", start + 60_000, start - 1)).toBeUndefined();
    expect(liveReminderEvent(visit, "nope", start, start - 1)).toBeUndefined();
  });
});

describe("the briefing window", () => {
  it("runs from 07:30 to 10:00 on visit days only", () => {
    expect(briefingWindow(visit, at("2024-09-24T07:29"))).toBeUndefined();
    expect(briefingWindow(visit, at("2024-09-24T07:30"))?.date).toBe("2024-09-24");
    expect(briefingWindow(visit, at("2024-09-25T09:59"))?.date).toBe("2024-09-25");
    expect(briefingWindow(visit, at("2024-09-25T10:00"))).toBeUndefined();
    expect(briefingWindow(visit, at("2024-09-26T08:00"))).toBeUndefined();
  });
});

describe("escalation", () => {
  const change = (urgent: boolean): ScheduleChange => ({
    id: "c1", eventId: "meeting", kinds: ["move"], by: 1, at: at("2024-09-24T09:00"), urgent,
    before: { start: 0, end: 0, cancelled: false }, after: { start: 0, end: 0, cancelled: false },
  });
  it("falls due 15 minutes after an urgent change, never for one that is not urgent", () => {
    expect(escalationDue(change(true), at("2024-09-24T09:14"))).toBe(false);
    expect(escalationDue(change(true), at("2024-09-24T09:15"))).toBe(true);
    expect(escalationDue(change(false), at("2024-09-24T12:00"))).toBe(false);
  });
});

describe("the reminder buttons' callback data", () => {
  it("round-trips each choice and refuses anything else", () => {
    for (const minutes of [0, 15, 30, 60] as const) expect(decode(encode({ kind: "remind", minutes }))).toEqual({ kind: "remind", minutes });
    expect(decode("rm:45")).toBeUndefined();
    expect(decode("rm:")).toBeUndefined();
  });
});

describe("an escalation about many people", () => {
  it("names the first thirty and counts the rest, staying far below Telegram's limit", async () => {
    const { renderEscalation } = await import("../../src/bot/views/reminders.ts");
    const { loadScenario } = await import("../../src/scenario/load.ts");
    const { createI18n } = await import("../../src/bot/i18n.ts");
    const { DEFAULT_SCENARIO_DIR } = await import("../../src/config.ts");
    const loaded = await loadScenario(DEFAULT_SCENARIO_DIR);
    if (!loaded.ok) throw new Error("demo visit invalid");
    const visit = loaded.scenario.visit;
    const e = visit.events[0]!;
    const change = { id: "c1", eventId: e.id, kinds: ["move" as const], before: { start: e.start, end: e.end, cancelled: false }, after: { start: e.start + 3_600_000, end: e.end + 3_600_000, cancelled: false }, by: 1, at: e.start - 3_600_000, urgent: true };
    const waiting = Array.from({ length: 150 }, (_, i) => ({ name: `Delegate with a rather long name number ${i}`, groups: ["Experts and advisers"], lang: "sr-Latn" as const, unreachable: i % 7 === 0 }));
    const i18n = await createI18n();
    const html = renderEscalation(visit, change, "Meeting", waiting, "en", i18n.t("en"));
    expect(html.length).toBeLessThan(4000);
    expect(html).toContain("number 29");
    expect(html).not.toContain("number 30");
    expect(html).toContain("…and 120 more: see /status");
  });
});
