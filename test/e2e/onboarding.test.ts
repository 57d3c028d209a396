import { afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type World } from "../helpers/attache.ts";

let world: World;
afterEach(async () => world?.stop());

const CYRILLIC = /\p{Script=Cyrillic}/u;
/** Latin words a Cyrillic reply may legitimately hold: commands, brand names, usernames. */
const stripAllowedLatin = (text: string) =>
  text.replace(/\/[a-z_]+/g, "").replace(/@\w+/g, "").replace(/OpenStreetMap|Attaché|UTC/g, "");

describe("onboarding and today's programme in each language variant", () => {
  const cases = [
    { label: "Русский", lang: "ru", expect: /День 1 · вторник, 24 сентября/, dinner: "Встреча в министерстве" },
    { label: "Српски (ћирилица)", lang: "sr-Cyrl", expect: /Дан 1 · уторак, 24\. септембар/, dinner: "Састанак у министарству" },
    { label: "Srpski (latinica)", lang: "sr-Latn", expect: /Dan 1 · utorak, 24\. septembar/, dinner: "Sastanak u ministarstvu" },
    { label: "English", lang: "en", expect: /Day 1 · Tuesday(,)? 24 September/, dinner: "Meeting at the Ministry" },
  ] as const;

  for (const c of cases) {
    it(`a delegate who picks ${c.label} gets /today in ${c.lang}, in the right script`, async () => {
      world = await startWorld({ now: "2024-09-24T08:30:00+03:00" });
      const delegate = world.user(501, { language_code: "de" });
      const welcome = await delegate.send("/start");
      expect(welcome).toHaveLength(1);
      expect(welcome[0]!.buttons.flat()).toEqual(expect.arrayContaining(["✓ English", "Русский", "Српски (ћирилица)", "Srpski (latinica)"]));
      const afterLang = await delegate.tap(c.label);
      expect(textOf(afterLang)).toMatch(c.lang === "en" ? /Who are you/ : /./);
      await delegate.tap(/Dejan Risti|Дејан Ристић|Деян Ристич/);
      const today = await delegate.send("/today");
      const text = textOf(today);
      expect(text).toMatch(c.expect);
      expect(text).toContain(c.dinner);
      if (c.lang === "sr-Latn") expect(text).not.toMatch(CYRILLIC);
      if (c.lang === "sr-Cyrl" || c.lang === "ru") expect(stripAllowedLatin(text)).not.toMatch(/[A-Za-z]/);
    });
  }

  it("preselects the language of the Telegram client", async () => {
    world = await startWorld();
    const serb = world.user(502, { language_code: "sr" });
    const [welcome] = await serb.send("/start");
    expect(welcome!.buttons.flat()).toContain("✓ Српски (ћирилица)");
    expect(welcome!.text).toMatch(/Добро дошли/);
  });

  it("a named head of delegation sees the heads-only talk; a guest does not", async () => {
    world = await startWorld({ now: "2024-09-24T08:30:00+03:00" });
    const minister = world.user(503);
    await minister.send("/start");
    await minister.tap("English");
    await minister.tap("Dejan Ristić");
    expect(textOf(await minister.send("/today"))).toContain("Ministers' talk");

    const guest = world.user(504);
    await guest.send("/start");
    await guest.tap("English");
    await guest.tap("Continue as a guest");
    const text = textOf(await guest.send("/today"));
    expect(text).toContain("Meeting at the Ministry");
    expect(text).not.toContain("Ministers' talk");
    expect(text).not.toContain("Experts' workshop");
  });

  it("a typed question during onboarding is answered, not swallowed", async () => {
    world = await startWorld();
    const delegate = world.user(505);
    await delegate.send("/start");
    const reply = await delegate.send("where is the meeting?");
    expect(reply.length).toBeGreaterThan(0);
    expect(textOf(reply)).not.toMatch(/choose your language/i);
  });

  it("rejects an invalid deep-link payload quietly and still greets", async () => {
    world = await startWorld();
    const delegate = world.user(506);
    const reply = await delegate.send("/start <script>alert(1)</script>");
    expect(textOf(reply)).toMatch(/Welcome/);
  });
});
