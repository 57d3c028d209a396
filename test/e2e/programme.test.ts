import { afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type World } from "../helpers/attache.ts";
import { DEFAULT_SCENARIO_DIR } from "../../src/config.ts";
import { scenarioCopy } from "../helpers/temp.ts";
import { copyFileSync } from "node:fs";
import path from "node:path";

let world: World;
afterEach(async () => world?.stop());

async function englishGuest(w: World, id = 601) {
  const d = w.user(id);
  await d.send("/start");
  await d.tap("English");
  await d.tap("Continue as a guest");
  return d;
}

describe("the programme on the demo visit", () => {
  it("with BOT_NOW on day 2 at 10:15, /now shows the High-Tech Park visit running and what is next", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: "2024-09-25T10:15:00+03:00" });
    const d = await englishGuest(world);
    const text = textOf(await d.send("/now"));
    expect(text).toMatch(/Now: 10:15/);
    expect(text).toMatch(/09:30–11:00 .*High-Tech Park/);
    expect(text).toMatch(/45 minutes left/);
    expect(text).toMatch(/11:15–13:00/);
    expect(text).toMatch(/starts in 1 h 0 min|starts in 1 hour/);
  });

  it("shows Minsk times with the zone named, whatever zone the process runs in", async () => {
    const previous = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: "2024-09-24T08:00:00+03:00" });
      const d = await englishGuest(world);
      const text = textOf(await d.send("/today"));
      expect(text).toMatch(/11:30–13:00/);
      expect(text).toContain("Times are local: Minsk, UTC+3");
    } finally {
      process.env.TZ = previous;
    }
  });

  it("/tomorrow shows day 2 and the day buttons switch days in place", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: "2024-09-24T08:00:00+03:00" });
    const d = await englishGuest(world);
    expect(textOf(await d.send("/tomorrow"))).toMatch(/Day 2 · Wednesday(,)? 25 September/);
    const [agenda] = await d.send("/agenda");
    await d.tap("Day 3", agenda);
    const edited = world.emu.message(d.id, agenda!.id)!;
    expect(edited.edited).toBe(true);
    expect(edited.text).toMatch(/Day 3 · Thursday(,)? 26 September/);
  });

  it("an event opens into its detail with dress code, meeting point and a map button that sends a venue pin", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: "2024-09-24T08:00:00+03:00" });
    const d = await englishGuest(world);
    await d.send("/today");
    await d.tap(/11:30/);
    const detail = d.last();
    expect(detail.text).toMatch(/Dress code:/);
    expect(detail.text).toMatch(/Meeting point:/);
    expect(detail.text).toMatch(/Minsk, UTC\+3/);
    const pins = await d.tap("📍 Map", detail);
    expect(pins[0]!.kind).toBe("venue");
    expect(pins[0]!.media).toMatchObject({ venue: { location: { latitude: expect.any(Number), longitude: expect.any(Number) } } });
    expect(pins[1]!.text).toMatch(/Open in OpenStreetMap/);
  });

  it("/contacts lists emergency numbers first and sends a contact card a tap can call", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR });
    const d = await englishGuest(world);
    const [list] = await d.send("/contacts");
    expect(list!.text.indexOf("112")).toBeLessThan(list!.text.indexOf("Liaison officer"));
    const card = await d.tap(/Liaison|🤝/);
    expect(card[0]!.kind).toBe("contact");
    expect(card[0]!.media).toMatchObject({ contact: { phone_number: "+375290000101" } });
  });

  it("a guest does not see the heads' driver; the minister does", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR });
    const guest = await englishGuest(world);
    expect(textOf(await guest.send("/contacts"))).not.toContain("+375290000103");
    const minister = world.user(602);
    await minister.send("/start");
    await minister.tap("English");
    await minister.tap("Dejan Ristić");
    expect(textOf(await minister.send("/contacts"))).toContain("+375290000103");
  });

  it("sets the command menu for ru, sr, en and a default", async () => {
    world = await startWorld();
    const calls = world.emu.callsOf("setMyCommands").map((c) => (c.params as { language_code?: string }).language_code ?? "default");
    expect(calls.sort()).toEqual(["default", "en", "ru", "sr"]);
  });

  it("gives a delegate who chose Serbian Latin a chat menu in Latin", async () => {
    world = await startWorld();
    const d = world.user(603, { language_code: "sr" });
    await d.send("/start");
    await d.tap("Srpski (latinica)");
    const chatMenu = world.emu.callsOf("setMyCommands").find((c) => (c.params as { scope?: { type: string } }).scope?.type === "chat");
    expect(JSON.stringify(chatMenu?.params)).toContain("Program za danas");
  });
});

describe("a contact reserved for the heads of delegation", () => {
  it("shows its name but not its phone in an event detail seen by a guest", async () => {
    const { scenarioDir } = scenarioCopy();
    copyFileSync(path.join(import.meta.dirname, "..", "fixtures", "broken", "narrow-contact.yaml"), path.join(scenarioDir, "visit.yaml"));
    world = await startWorld({ scenarioDir, now: "2024-09-25T08:00:00+03:00" });
    const guest = await englishGuest(world);
    const [day] = await guest.send("/today");
    await guest.tap(/19:00/, day);
    const detail = world.emu.message(guest.id, day!.id);
    expect(detail!.text).toMatch(/In charge: Driver Ivan/);
    expect(detail!.text).not.toContain("+375290000102");
  });
});
