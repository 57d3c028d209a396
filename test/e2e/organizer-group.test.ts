import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scenarioCopy } from "../helpers/temp.ts";
import { startWorld, textOf, type World } from "../helpers/attache.ts";
import { ORGANIZER, delegation, organizer, waitForNotice } from "../helpers/delegation.ts";
import { editedMini } from "../helpers/mini-source.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const NOW = "2024-09-24T08:00:00+03:00";
let scenarioDir = "";
const GROUP = -1001234567890;
const MEMBER = 777; // in the organizers' group, but not an organizer

/** The mini visit in a temp folder, watched, with its organizers' group. */
async function groupWorld(): Promise<World> {
  scenarioDir = scenarioCopy().scenarioDir;
  const w = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir, watchScenario: true, env: { ORGANIZER_CHAT_ID: String(GROUP) } });
  w.emu.createGroup({ id: GROUP, title: "Organizers", type: "supergroup", members: [ORGANIZER, MEMBER] });
  return w;
}

/** Moves the dinner an hour later on disk; the watcher posts the preview to the organizers' group. */
async function previewInGroup(w: World) {
  writeFileSync(path.join(scenarioDir, "visit.yaml"), editedMini(["start: 2024-09-25T19:00\n    end: 2024-09-25T21:00", "start: 2024-09-25T20:00\n    end: 2024-09-25T22:00"]));
  return w.emu.waitFor(() => w.emu.botMessages(GROUP).find((m) => /what changes in the programme/.test(m.text)), { timeoutMs: 8000 });
}

describe("a reload preview in the organizers' group", () => {
  it("is applied when an organizer taps Send there, and the delegates are notified", async () => {
    world = await groupWorld();
    const { english } = await delegation(world);
    const org = await organizer(world);
    const preview = await previewInGroup(world);
    expect(preview.buttons.flat()).toEqual(["📤 Send", "✖️ Cancel"]);

    await org.act(() => world!.emu.clickButtonText(ORGANIZER, preview.id, "📤 Send", { chat: GROUP }));
    expect(world.emu.botMessages(GROUP).at(-1)!.text).toMatch(/The programme now follows the new visit\.yaml/);
    expect((await waitForNotice(world, english, /Moved/)).text).toContain("19:00–21:00 → 20:00–22:00");
    expect(textOf(await english.send("/tomorrow"))).toContain("20:00–22:00");
  });

  it("is discarded when an organizer taps Cancel there", async () => {
    world = await groupWorld();
    const org = await organizer(world);
    const preview = await previewInGroup(world);
    await org.act(() => world!.emu.clickButtonText(ORGANIZER, preview.id, "✖️ Cancel", { chat: GROUP }));
    expect(world.emu.botMessages(GROUP).map((m) => m.text)).toContain("Discarded. Nothing was sent.");
  });

  it("refuses a Send from a member who is not an organizer, audits it, and changes nothing", async () => {
    world = await groupWorld();
    const { english } = await delegation(world);
    const member = world.user(MEMBER);
    const preview = await previewInGroup(world);

    await member.act(() => world!.emu.clickButtonText(MEMBER, preview.id, "📤 Send", { chat: GROUP }));
    expect(member.callbackAnswers().at(-1)).toBe("Sorry, only the visit's organizers can do that.");
    const refused = (await world.deps.state.recentAudit(10)).filter((e) => !e.allowed);
    expect(refused).toEqual([expect.objectContaining({ userId: MEMBER, action: "refused:draft.send" })]);
    expect(textOf(await english.send("/tomorrow"))).toContain("19:00–21:00");
  });
});
