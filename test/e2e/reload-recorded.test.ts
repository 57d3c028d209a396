// A visit.yaml reload's changes count like the ones made in the bot: /status lists them with who has seen them,
// urgent ones are escalated, the calendar's SEQUENCE goes up; and a crash between the commit and the file leaves
// the file and the bot-made changes together at the next start.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scenarioCopy } from "../helpers/temp.ts";
import { startWorld, textOf, type Delegate, type World } from "../helpers/attache.ts";
import { delegation, join, organizer, ORGANIZER, waitForNotice as arrives } from "../helpers/delegation.ts";
import { editedMini as edited, MINI_SOURCE } from "../helpers/mini-source.ts";
import { reloadMark, stageUpload } from "../../src/delivery/reload-file.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});


const DINNER_AT_EIGHT = edited(["start: 2024-09-25T19:00\n    end: 2024-09-25T21:00", "start: 2024-09-25T20:00\n    end: 2024-09-25T22:00"]);
const MEETING_AT_HALF_PAST = edited(["start: 2024-09-24T10:00\n    end: 2024-09-24T12:00", "start: 2024-09-24T10:30\n    end: 2024-09-24T12:30"]);

const upload = (d: Delegate, text: string) =>
  d.act(() => world!.emu.sendDocument(d.id, { filename: "visit.yaml", mime: "application/yaml", bytes: Buffer.from(text) }));

/** An organizer uploads the file and taps Send on its preview. */
async function reload(org: Delegate, text: string): Promise<void> {
  const [preview] = await upload(org, text);
  const [done] = await org.tap("📤 Send", preview);
  expect(done!.text).toMatch(/now follows the new visit\.yaml/);
}

/** Until the outbox has nothing pending. */
async function drained(w: World): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await w.deps.outbox.depth()) > 0) {
    if (Date.now() > deadline) throw new Error("the outbox did not drain");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("changes made by a visit.yaml reload", () => {
  it("are listed by /status with who acknowledged them and who has not", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00", scenarioDir: scenarioCopy().scenarioDir });
    const { head, english } = await delegation(world);
    const org = await organizer(world);
    await reload(org, DINNER_AT_EIGHT);
    await english.tap("✅ Got it", await arrives(world, english, /Moved/));
    await arrives(world, head, /Перенесено/);

    const status = textOf(await org.send("/status"));
    expect(status).toMatch(/Moved: Dinner/);
    expect(status).toMatch(/1 acknowledged: guest 904/);
    expect(status).toMatch(/3 not yet: .*Dejan Ristić/);
  });

  it("are escalated once to the organizers when urgent and not acknowledged after 15 minutes", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T09:00:00+03:00", scenarioDir: scenarioCopy().scenarioDir });
    const head = await join(world, 731, "Русский", "Деян Ристич");
    const guest = await join(world, 732, "English", "Continue as a guest");
    const org = await organizer(world);
    await reload(org, MEETING_AT_HALF_PAST);
    await guest.tap("✅ Got it", await arrives(world, guest, /Moved/));
    await arrives(world, head, /Перенесено/);
    const escalations = () => org.messages().filter((m) => /not acknowledged after 15 minutes/.test(m.text));

    const later = async (minutes: number) => {
      world!.clock.advance(minutes * 60_000);
      await world!.scheduler.tick();
      await drained(world!);
    };

    await later(14);
    expect(escalations()).toHaveLength(0);
    await later(1);
    await later(10);
    expect(escalations()).toHaveLength(1);
    const text = escalations()[0]!.text;
    expect(text).toMatch(/Moved: Meeting at the Ministry/);
    expect(text).toMatch(/10:00–12:00 → 10:30–12:30/);
    expect(text).toMatch(/Not acknowledged yet \(1\):\s*• Dejan Ristić · Heads · ru/);
  });

  it("raise the moved event's SEQUENCE in /calendar, and only its", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00", scenarioDir: scenarioCopy().scenarioDir });
    const { english } = await delegation(world);
    const org = await organizer(world);
    await reload(org, DINNER_AT_EIGHT);

    const [reply] = await english.send("/calendar");
    const ics = new TextDecoder().decode(world.emu.file(reply!.fileId!)!.bytes).replace(/\r\n[ \t]/g, "");
    const sequenceOf = (uid: string) => ics.split("BEGIN:VEVENT").find((e) => e.includes(`UID:${uid}`))?.match(/SEQUENCE:\d+/)?.[0];
    expect(sequenceOf("dinner@mini.attache")).toBe("SEQUENCE:1");
    expect(sequenceOf("meeting@mini.attache")).toBe("SEQUENCE:0");
  });
});

describe("a crash while an uploaded visit.yaml is applied", () => {
  const NOW = "2024-09-24T08:00:00+03:00";

  /** A bot-made /move of the meeting, so there is an override the reload would replace. */
  async function movedInTheBot(w: World) {
    const org = await organizer(w);
    await org.tap("📤 Send", (await org.send("/move meeting 11:30"))[0]);
    expect(Object.keys(await w.deps.state.overrides())).toEqual(["meeting"]);
  }

  it("after the commit: the next start puts the new file in place, without the changes it replaced", async () => {
    const { scenarioDir, storageFile } = scenarioCopy();
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir, storageFile });
    await movedInTheBot(world);
    // What applyReload leaves when the process dies between its commit and the rename.
    await stageUpload(scenarioDir, "crashed", DINNER_AT_EIGHT);
    await world.deps.state.commitChanges([], [], { at: 1, userId: ORGANIZER, action: "reload.send", allowed: true }, { resetOverrides: true, mark: reloadMark("crashed") });
    await world.stop();

    world = await startWorld({ now: NOW, scenarioDir, storageFile });
    expect(readFileSync(path.join(scenarioDir, "visit.yaml"), "utf8")).toBe(DINNER_AT_EIGHT);
    expect(readdirSync(scenarioDir).filter((n) => n.startsWith("visit.yaml."))).toEqual([]);
    const guest = await join(world, 906, "English", "Continue as a guest");
    expect(textOf(await guest.send("/today"))).toContain("10:00–12:00 Meeting at the Ministry");
    expect(textOf(await guest.send("/tomorrow"))).toContain("20:00–22:00 Dinner");
  });

  it("before the commit: the next start drops the upload and keeps the old file with the changes made in the bot", async () => {
    const { scenarioDir, storageFile } = scenarioCopy();
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir, storageFile });
    await movedInTheBot(world);
    await stageUpload(scenarioDir, "crashed", DINNER_AT_EIGHT);
    await world.stop();

    world = await startWorld({ now: NOW, scenarioDir, storageFile });
    expect(readFileSync(path.join(scenarioDir, "visit.yaml"), "utf8")).toBe(MINI_SOURCE);
    expect(readdirSync(scenarioDir).filter((n) => n.startsWith("visit.yaml."))).toEqual([]);
    const guest = await join(world, 906, "English", "Continue as a guest");
    expect(textOf(await guest.send("/today"))).toContain("11:30–13:30 Meeting at the Ministry");
    expect(textOf(await guest.send("/tomorrow"))).toContain("19:00–21:00 Dinner");
  });

  it("of several staged uploads, the next start puts in place the newest committed one, never a half-written one", async () => {
    const { scenarioDir, storageFile } = scenarioCopy();
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir, storageFile });
    const committed = (draftId: string) => world!.deps.state.commitChanges([], [], { at: 1, userId: ORGANIZER, action: "reload.send", allowed: true }, { resetOverrides: true, mark: reloadMark(draftId) });
    await stageUpload(scenarioDir, "first", DINNER_AT_EIGHT, 1_000);
    await committed("first");
    await stageUpload(scenarioDir, "second", MEETING_AT_HALF_PAST, 2_000);
    await committed("second");
    await stageUpload(scenarioDir, "third", MINI_SOURCE.replace("Dinner", "Supper"), 3_000);
    writeFileSync(path.join(scenarioDir, "visit.yaml.reload-000000000004000-abcdef.second.part"), "events: [");
    await world.stop();

    world = await startWorld({ now: NOW, scenarioDir, storageFile });
    expect(readFileSync(path.join(scenarioDir, "visit.yaml"), "utf8")).toBe(MEETING_AT_HALF_PAST);
    expect(readdirSync(scenarioDir).filter((n) => n.startsWith("visit.yaml."))).toEqual([]);
  });
});
