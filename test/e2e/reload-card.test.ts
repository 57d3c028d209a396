import { afterEach, describe, expect, it } from "vitest";
import { scenarioCopy } from "../helpers/temp.ts";
import { startWorld, type Delegate, type World } from "../helpers/attache.ts";
import { join, organizer, ORGANIZER } from "../helpers/delegation.ts";
import { editedMini } from "../helpers/mini-source.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const NOW = "2024-09-24T08:00:00+03:00";

async function reloadWorld(): Promise<World> {
  const { scenarioDir } = scenarioCopy();
  return startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir });
}

/** The organizer sends a new visit.yaml and taps Send on its preview. */
async function reload(w: World, org: Delegate, text: string): Promise<void> {
  const [preview] = await org.act(() => w.emu.sendDocument(org.id, { filename: "visit.yaml", mime: "application/yaml", bytes: Buffer.from(text) }));
  expect(preview!.text).toMatch(/what changes in the programme/);
  const [done] = await org.tap("📤 Send", preview);
  expect(done!.text).toMatch(/The programme now follows the new visit\.yaml/);
}

const cardSays = (w: World, d: Delegate, cardId: number, pattern: RegExp) =>
  w.emu.waitFor(() => {
    const m = w.emu.message(d.id, cardId);
    return m && pattern.test(m.text) ? m : undefined;
  }, { timeoutMs: 5000, what: `the card saying ${pattern}` });

describe("a reloaded visit.yaml and the pinned today card", () => {
  it("edits the card in place when the reload moves an event of its day", async () => {
    world = await reloadWorld();
    const d = await join(world, 741, "English", "Continue as a guest");
    const card = world.emu.pinnedMessage(d.id)!;
    expect(card.text).toContain("10:00–12:00 Meeting at the Ministry");
    const org = await organizer(world);

    await reload(world, org, editedMini(["start: 2024-09-24T10:00\n    end: 2024-09-24T12:00", "start: 2024-09-24T11:30\n    end: 2024-09-24T13:30"]));
    const edited = await cardSays(world, d, card.id, /11:30–13:30 Meeting at the Ministry/);
    expect(edited.edited).toBe(true);
    expect(world.emu.pinnedMessage(d.id)?.id).toBe(card.id);
  });

  it("shows an event the reload added to the card's day", async () => {
    world = await reloadWorld();
    const d = await join(world, 742, "English", "Continue as a guest");
    const card = world.emu.pinnedMessage(d.id)!;
    const org = await organizer(world);

    const added = "  - id: reception\n    start: 2024-09-24T18:00\n    end: 2024-09-24T19:00\n    title: { ru: Приём, sr: Пријем, en: Reception }\n    venue: hotel\n  - id: dinner\n";
    await reload(world, org, editedMini(["  - id: dinner\n", added]));
    await cardSays(world, d, card.id, /18:00–19:00 Reception/);
  });
});
