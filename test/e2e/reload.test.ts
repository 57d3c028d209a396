import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scenarioCopy } from "../helpers/temp.ts";
import { startWorld, textOf, type Delegate, type World } from "../helpers/attache.ts";
import { delegation, organizer, ORGANIZER, waitForNotice as arrives } from "../helpers/delegation.ts";
import { editedMini as edited, MINI_SOURCE as MINI } from "../helpers/mini-source.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const NOW = "2024-09-24T08:00:00+03:00";

/** A copy of the mini visit in a temp folder the test may rewrite. */
const scenarioDirCopy = () => scenarioCopy().scenarioDir;

/** Ministers' talk (heads only) an hour and three quarters later; the experts' workshop cancelled. */
const MOVE_TALK_CANCEL_WORKSHOP: Array<[string | RegExp, string]> = [
  [/start: 2024-09-24T12:15\n    end: 2024-09-24T13:00\n    title: \{ ru: Беседа министров/, "start: 2024-09-24T14:00\n    end: 2024-09-24T14:45\n    title: { ru: Беседа министров"],
  ["    audience: { groups: [experts] }", "    audience: { groups: [experts] }\n    cancelled: true"],
];

async function cast(w: World) {
  return { org: await organizer(w), ...(await delegation(w)) };
}

const upload = (w: World, d: Delegate, text: string) =>
  d.act(() => w.emu.sendDocument(d.id, { filename: "visit.yaml", mime: "application/yaml", bytes: Buffer.from(text) }));

const settle = () => new Promise((r) => setTimeout(r, 700)); // longer than the watcher's debounce and the outbox's poll

describe("visit.yaml changed on disk", () => {
  it("a broken file keeps the bot on the last good version and tells the organizers the file:line of each error", async () => {
    const scenarioDir = scenarioDirCopy();
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir, watchScenario: true });
    const { org, english } = await cast(world);
    const broken = edited(["    venue: ministry\n    dress_code", "    venue: minstry\n    dress_code"]);
    const line = broken.split("\n").findIndex((l) => l.includes("venue: minstry")) + 1;
    writeFileSync(path.join(scenarioDir, "visit.yaml"), broken);

    const report = await arrives(world, org, /visit\.yaml has errors/);
    expect(report.text).toContain(`visit.yaml:${line} events[0].venue: "minstry" is not a venue; did you mean "ministry"?`);
    expect(report.html).toContain("&quot;minstry&quot;");
    expect(textOf(await english.send("/today"))).toContain("10:00–12:00 Meeting at the Ministry");
    expect(english.messages().some((m) => /errors/.test(m.text))).toBe(false);
  });

  it("a valid change is previewed to the organizers and, on Send, each affected delegate is notified once and the programme changes", async () => {
    const scenarioDir = scenarioDirCopy();
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir, watchScenario: true });
    const { org, head, expert, english } = await cast(world);
    writeFileSync(path.join(scenarioDir, "visit.yaml"), edited(...MOVE_TALK_CANCEL_WORKSHOP));

    const preview = await arrives(world, org, /what changes in the programme/);
    expect(preview.text).toMatch(/🕒 Moved\nMinisters' talk · Tue,? 24 Sept? 12:15–13:00 → Tue,? 24 Sept? 14:00–14:45/);
    expect(preview.text).toMatch(/❌ Cancelled\nExperts' workshop/);
    expect(preview.text).toContain("Send notifies 2 delegates");
    expect(textOf(await head.send("/today"))).toContain("12:15–13:00"); // nothing changes before Send

    const sendData = world.emu.findButton(ORGANIZER, preview.id, "📤 Send");
    const [done] = await org.tap("📤 Send", preview);
    expect(done!.text).toBe("✅ The programme now follows the new visit.yaml. 2 delegates will be notified.");
    const moved = await arrives(world, head, /Перенесено/);
    expect(moved.text).toContain("12:15–13:00 → 14:00–14:45");
    expect((await arrives(world, expert, /Отказано/)).text).toContain("Радионица стручњака");

    await org.tapData(sendData, preview);
    expect(org.callbackAnswers().at(-1)).toMatch(/already sent/);
    await settle();
    expect(head.messages().filter((m) => /Перенесено/.test(m.text))).toHaveLength(1);
    expect(expert.messages().filter((m) => /Отказано/.test(m.text))).toHaveLength(1);
    expect(english.messages().some((m) => /Moved|Cancelled/.test(m.text))).toBe(false);
    expect(org.messages().filter((m) => /what changes/.test(m.text))).toHaveLength(1); // the watcher proposed it once

    expect(textOf(await head.send("/today"))).toContain("14:00–14:45");
    await head.tap("✅", moved);
    expect(head.callbackAnswers().at(-1)).toBe("Спасибо, отмечено.");
  });
});

describe("visit.yaml sent to the bot as a document", () => {
  it("from an organizer: previewed, and on Send applied, notified and written to disk so a restart keeps it", async () => {
    const scenarioDir = scenarioDirCopy();
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir, watchScenario: true });
    const { org, head, english } = await cast(world);
    const text = edited(["start: 2024-09-25T19:00\n    end: 2024-09-25T21:00", "start: 2024-09-25T20:00\n    end: 2024-09-25T22:00"]);

    const [preview] = await upload(world, org, text);
    expect(preview!.text).toMatch(/🕒 Moved\nDinner · Wed,? 25 Sept? 19:00–21:00 → Wed,? 25 Sept? 20:00–22:00/);
    expect(preview!.text).toContain("Send notifies 4 delegates");
    await org.tap("📤 Send", preview);
    expect((await arrives(world, english, /Moved/)).text).toContain("19:00–21:00 → 20:00–22:00");
    await arrives(world, head, /Перенесено/);
    expect(readFileSync(path.join(scenarioDir, "visit.yaml"), "utf8")).toBe(text);
    await settle();
    expect(org.messages().filter((m) => /visit\.yaml/.test(m.text))).toHaveLength(2); // the preview and "now follows", no echo of our own write
    expect(english.messages().filter((m) => /Moved/.test(m.text))).toHaveLength(1);

    await world.stop();
    world = await startWorld({ now: NOW, scenarioDir });
    expect(textOf(await world.user(905).send("/tomorrow"))).toContain("20:00–22:00 Dinner");
  });

  it("replaces the changes made in the bot, says so in the preview, and clears them from storage", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir: scenarioDirCopy() });
    const { org, english } = await cast(world);
    await org.tap("📤 Send", (await org.send("/move meeting 11:30"))[0]);
    await arrives(world, english, /Moved/);

    const [preview] = await upload(world, org, edited(["Hotel Europe }", "Hotel Europa }"]));
    expect(preview!.text).toMatch(/Meeting at the Ministry · Tue,? 24 Sept? 11:30–13:30 → Tue,? 24 Sept? 10:00–12:00/);
    expect(preview!.text).toMatch(/📍 Venues\n✏️ Hotel Europa · name/);
    expect(preview!.text).toContain("The 1 change made in the bot (/move, /cancel…) will be replaced by the file.");
    const [done] = await org.tap("📤 Send", preview);
    expect(done!.text).toContain("The 1 change made in the bot was replaced by the file.");
    expect(await world.deps.state.overrides()).toEqual({});
    expect((await arrives(world, english, /11:30–13:30 → 10:00–12:00/)).text).toContain("Meeting at the Ministry");
    expect(textOf(await english.send("/today"))).toContain("10:00–12:00 Meeting at the Ministry");
  });

  it("a file that changes nothing just says so", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir: scenarioDirCopy() });
    const { org } = await cast(world);
    expect(textOf(await upload(world, org, `# only a comment changed\n${MINI}`))).toBe("visit.yaml changes nothing in the programme.");
  });

  it("a broken file is reported with its file:line and nothing changes", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir: scenarioDirCopy() });
    const { org, english } = await cast(world);
    const reply = textOf(await upload(world, org, edited(["end: 2024-09-24T12:00", "end: 2024-09-24T09:00"])));
    expect(reply).toMatch(/visit\.yaml has errors[\s\S]*visit\.yaml:\d+ events\[0\]\.end: the event ends/);
    expect(textOf(await english.send("/today"))).toContain("10:00–12:00 Meeting at the Ministry");
  });

  it("from a delegate it is refused and nothing changes", async () => {
    const scenarioDir = scenarioDirCopy();
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir });
    const { expert } = await cast(world);
    expect(textOf(await upload(world, expert, edited(...MOVE_TALK_CANCEL_WORKSHOP)))).toMatch(/само организатори посете/);
    expect(readFileSync(path.join(scenarioDir, "visit.yaml"), "utf8")).toBe(MINI);
    const today = textOf(await expert.send("/today"));
    expect(today).toContain("12:15–13:00 Радионица стручњака");
    expect(today).not.toMatch(/Радионица стручњака — /);
    const log = await world.deps.state.recentAudit(5);
    expect(log.some((e) => e.action === "refused:upload visit.yaml" && e.userId === 902)).toBe(true);
  });
});
