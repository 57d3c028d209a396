import { afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type World } from "../helpers/attache.ts";
import { purgeIfDue } from "../../src/storage/retention.ts";

let world: World;
afterEach(async () => world?.stop());

describe("privacy", () => {
  it("/forget deletes a delegate's data after a confirmation, and /start begins again from the client's language", async () => {
    world = await startWorld();
    const d = world.user(1201, { language_code: "ru" });
    await d.send("/start");
    await d.tap("English");
    await d.tap("Dejan Ristić");
    const [question] = await d.send("/forget");
    expect(question!.text).toMatch(/Delete what this bot keeps about you/);
    await d.tap("Keep", question);
    expect(await world.deps.users.get(1201)).toMatchObject({ lang: "en", personId: "minister" });

    const [again] = await d.send("/forget");
    await d.tap("🗑 Delete my data", again);
    expect(world.emu.message(1201, again!.id)!.text).toMatch(/your data is deleted/);
    expect(await world.deps.users.get(1201)).toBeUndefined();
    expect((await world.deps.state.recentAudit(5)).map((e) => e.action)).toContain("forget");
    expect(textOf(await d.send("/start"))).toMatch(/Добро пожаловать/);
  });

  it("purges delegates' data once the retention period after the visit has passed, keeping the audit log", async () => {
    world = await startWorld({ now: "2024-09-25T12:00:00+03:00" });
    const d = world.user(1202);
    await d.send("/start");
    await d.tap("English");
    expect(await purgeIfDue(world.deps, 30)).toBe(false);
    expect(await world.deps.users.get(1202)).toBeDefined();
    world.clock.set(Date.parse("2024-10-27T00:00:00+03:00"));
    expect(await purgeIfDue(world.deps, 30)).toBe(true);
    expect(await world.deps.users.get(1202)).toBeUndefined();
    expect((await world.deps.state.recentAudit(5)).map((e) => e.action)).toContain("retention.purge");
    expect(await purgeIfDue(world.deps, 30)).toBe(false); // once
  });
});
