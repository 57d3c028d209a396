import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { join, organizer, ORGANIZER } from "../helpers/delegation.ts";
import { startWorld, type Delegate, type World } from "../helpers/attache.ts";
import { DEFAULT_SCENARIO_DIR } from "../../src/config.ts";
import { createRenderer } from "../../src/delivery/render.ts";
import type { Notice } from "../../src/delivery/outbox.ts";

let world: World | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await world?.stop();
  world = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Wall-clock time in Minsk (the fixtures' zone) as an instant. */
const minsk = (local: string) => Date.parse(`${local}:00+03:00`);

/** Until the outbox has nothing pending: whatever a tick queued has been sent (or skipped). */
async function drained(w: World): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await w.deps.outbox.depth()) > 0) {
    if (Date.now() > deadline) throw new Error("the outbox did not drain");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Moves the visit's clock to a Minsk wall time and runs one scheduler tick, as the 15-second timer would. */
async function tickAt(w: World, local: string): Promise<void> {
  w.clock.set(minsk(local));
  await w.scheduler.tick();
  await drained(w);
}

const texts = (d: Delegate, pattern: RegExp) => d.messages().filter((m) => pattern.test(m.text));

describe("reminders before each event", () => {
  it("a delegate is reminded 30 minutes before, in Russian, with the meeting point and the transport", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: "2024-09-25T08:40:00+03:00" });
    const d = await join(world, 701, "Русский", /Продолжить как гость/);
    await tickAt(world, "2024-09-25T08:59");
    expect(texts(d, /Через/)).toHaveLength(0);
    await tickAt(world, "2024-09-25T09:00");
    const [reminder, ...more] = texts(d, /Через/);
    expect(more).toHaveLength(0);
    expect(reminder!.text).toContain("Через 30 минут:");
    expect(reminder!.text).toContain("Посещение Парка высоких технологий");
    expect(reminder!.text).toContain("Место сбора: Холл гостиницы в 09:00");
    expect(reminder!.text).toContain("Транспорт: Автомобиль руководителей и микроавтобус");
    expect(reminder!.text).toMatch(/09:30–/);
  });

  it("a delegate who chose 15 minutes is reminded 15 minutes before, not 30", async () => {
    world = await startWorld({ now: "2024-09-24T09:00:00+03:00" });
    const d = await join(world, 702, "English", "Continue as a guest");
    const [prompt] = await d.send("/reminders");
    expect(prompt!.text).toMatch(/Now: 30 minutes before the start/);
    await d.tap("15 min", prompt);
    expect(d.callbackAnswers().at(-1)).toBe("Saved");
    expect(world.emu.message(d.id, prompt!.id)!.buttons.flat()).toContain("✓ 15 min");
    await tickAt(world, "2024-09-24T09:30");
    expect(texts(d, /In \d+ minutes/)).toHaveLength(0);
    await tickAt(world, "2024-09-24T09:45");
    const reminders = texts(d, /In \d+ minutes/);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toMatch(/In 15 minutes:\s*Meeting at the Ministry/);
  });

  it("a delegate who turned reminders off gets none", async () => {
    world = await startWorld({ now: "2024-09-24T09:00:00+03:00" });
    const d = await join(world, 703, "English", "Continue as a guest");
    await d.tap("Off", (await d.send("/reminders"))[0]);
    for (const at of ["09:30", "09:45", "09:59"]) await tickAt(world, `2024-09-24T${at}`);
    expect(texts(d, /In \d+ minutes/)).toHaveLength(0);
  });

  it("a reminder already sent is not sent again after a restart on the same SQLite file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "attache-reminders-"));
    dirs.push(dir);
    const storageFile = path.join(dir, "attache.sqlite");
    world = await startWorld({ storageFile, now: "2024-09-24T09:00:00+03:00" });
    const d = await join(world, 704, "English", "Dejan Ristić");
    await tickAt(world, "2024-09-24T09:30");
    expect(texts(d, /In 30 minutes/)).toHaveLength(1);
    await world.stop();

    world = await startWorld({ storageFile, now: "2024-09-24T09:31:00+03:00" });
    world.emu.addUser({ id: 704, first_name: "User704", language_code: "en" }, { startedBot: true });
    await world.scheduler.tick();
    await drained(world);
    await tickAt(world, "2024-09-24T09:40");
    expect(world.emu.botMessages(704).filter((m) => /Meeting at the Ministry/.test(m.text))).toHaveLength(0);
    // The scheduler does run after the restart: the next event's reminder comes.
    await tickAt(world, "2024-09-24T11:45");
    expect(world.emu.botMessages(704).filter((m) => /In 30 minutes:\s*Ministers' talk/.test(m.text))).toHaveLength(1);
  });

  it("a reminder is not sent once its event has started, even if the clock jumped past it", async () => {
    world = await startWorld({ now: "2024-09-24T09:00:00+03:00" });
    const d = await join(world, 705, "English", "Continue as a guest");
    await tickAt(world, "2024-09-24T10:01");
    expect(texts(d, /In \d+ minutes?/)).toHaveLength(0);
  });

  it("a cancelled event gets no reminder", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T09:00:00+03:00" });
    const d = await join(world, 706, "English", "Dejan Ristić");
    const org = await organizer(world);
    await org.tap("📤 Send", (await org.send("/cancel meeting"))[0]);
    await drained(world);
    await tickAt(world, "2024-09-24T09:30");
    expect(texts(d, /In \d+ minutes/)).toHaveLength(0);
    await tickAt(world, "2024-09-24T11:45");
    expect(texts(d, /In 30 minutes:\s*Ministers' talk/)).toHaveLength(1);
  });

  it("a queued reminder is dropped at send time if its event started, moved or was cancelled meanwhile", async () => {
    world = await startWorld({ now: "2024-09-24T09:30:00+03:00" });
    await join(world, 707, "English", "Continue as a guest");
    const render = createRenderer(world.deps);
    const reminder = (start: number): Notice => ({
      id: 1, key: "k", chatId: 707, userId: 707, kind: "reminder", payload: { eventId: "meeting", start },
      status: "sending", attempts: 0, createdAt: 0,
    });
    const start = minsk("2024-09-24T10:00");
    expect((await render(reminder(start)))?.text).toMatch(/In 30 minutes/);
    expect(await render(reminder(start - 3_600_000))).toBeNull(); // scheduled for a start the event no longer has
    world.clock.set(start + 60_000);
    expect(await render(reminder(start))).toBeNull(); // started
  });
});

describe("the morning briefing", () => {
  it("arrives once at 07:30 with the day's plan, and becomes the pinned card", async () => {
    world = await startWorld({ now: "2024-09-24T07:00:00+03:00" });
    const d = await join(world, 711, "English", "Dejan Ristić");
    await tickAt(world, "2024-09-24T07:29");
    expect(texts(d, /Good morning/)).toHaveLength(0);
    await tickAt(world, "2024-09-24T07:30");
    await tickAt(world, "2024-09-24T07:45");
    const briefings = texts(d, /Good morning/);
    expect(briefings).toHaveLength(1);
    expect(briefings[0]!.text).toMatch(/10:00–12:00 Meeting at the Ministry/);
    expect(briefings[0]!.text).toMatch(/12:15–13:00 Ministers' talk/);
    expect(briefings[0]!.text).not.toContain("Experts' workshop");
    expect(world.emu.pinnedMessage(d.id)?.id).toBe(briefings[0]!.id);
    await tickAt(world, "2024-09-25T07:30");
    expect(texts(d, /Good morning/)).toHaveLength(2);
    expect(texts(d, /Good morning/)[1]!.text).toMatch(/19:00–21:00 Dinner/);
  });

  it("is not sent late: a delegate who joins after 10:00 gets none that day", async () => {
    world = await startWorld({ now: "2024-09-24T10:30:00+03:00" });
    const d = await join(world, 712, "English", "Continue as a guest");
    await tickAt(world, "2024-09-24T10:31");
    expect(texts(d, /Good morning/)).toHaveLength(0);
  });
});

describe("the today card", () => {
  it("is pinned after onboarding and edited in place after an organizer moves an event", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00" });
    const d = await join(world, 721, "English", "Continue as a guest");
    const card = world.emu.pinnedMessage(d.id)!;
    expect(card.text).toMatch(/Today · Tuesday(,)? 24 September/);
    expect(card.text).toContain("10:00–12:00 Meeting at the Ministry");
    const before = d.messages().length;

    const org = await organizer(world);
    await org.tap("📤 Send", (await org.send("/move meeting 11:30"))[0]);
    const edited = await world.emu.waitFor(() => {
      const m = world!.emu.message(d.id, card.id);
      return m && /11:30–13:30 Meeting at the Ministry/.test(m.text) ? m : undefined;
    }, { timeoutMs: 5000 });
    expect(edited.edited).toBe(true);
    expect(edited.text).toMatch(/Updated at 08:0\d/);
    expect(world.emu.pinnedMessage(d.id)?.id).toBe(card.id);
    await drained(world);
    expect(d.messages().slice(before).filter((m) => /Today ·/.test(m.text))).toHaveLength(0); // edited, not re-sent
  });
});

describe("escalation of urgent changes", () => {
  it("lists the delegates who have not acknowledged after 15 minutes to the organizers, once", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T09:00:00+03:00" });
    const head = await join(world, 731, "Русский", "Деян Ристич");
    const guest = await join(world, 732, "English", "Continue as a guest");
    const org = await organizer(world);
    await org.tap("📤 Send", (await org.send("/move meeting 10:30"))[0]);
    const notice = await world.emu.waitFor(() => guest.messages().find((m) => /Moved/.test(m.text)), { timeoutMs: 5000 });
    await guest.tap("✅ Got it", notice);
    await world.emu.waitFor(() => head.messages().find((m) => /Перенесено/.test(m.text)), { timeoutMs: 5000 });
    const escalations = () => org.messages().filter((m) => /not acknowledged after 15 minutes/.test(m.text));

    world.clock.advance(14 * 60_000);
    await world.scheduler.tick();
    await drained(world);
    expect(escalations()).toHaveLength(0);
    world.clock.advance(60_000);
    await world.scheduler.tick();
    await drained(world);
    world.clock.advance(10 * 60_000);
    await world.scheduler.tick();
    await drained(world);

    expect(escalations()).toHaveLength(1);
    const text = escalations()[0]!.text;
    expect(text).toMatch(/Moved: Meeting at the Ministry/);
    expect(text).toMatch(/10:00–12:00 → 10:30–12:30/);
    expect(text).toMatch(/Not acknowledged yet \(1\):\s*• Dejan Ristić · Heads · ru/);
    expect(text).not.toMatch(/guest 732/);
  });
});
