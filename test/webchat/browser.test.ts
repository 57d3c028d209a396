// The web chat in real headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config.ts";
import { FIRST_PERSONA_ID } from "../../src/server/personas.ts";
import { startDemoWorld, type DemoWorld } from "./demo-world.ts";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = path.join(PROJECT_ROOT, "test-results");
const STAFF = FIRST_PERSONA_ID + 2;

let browser: Browser;
let world: DemoWorld;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // No skip when Chromium is missing: .ci/run installs it, and a missing browser must fail loudly.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  world = await startDemoWorld();
});
afterAll(async () => {
  await browser?.close();
  await world?.stop();
});

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(world.url);
  await page.getByRole("button", { name: /Dejan Ristić/ }).waitFor();
  expect(errors).toEqual([]);
  return page;
}

/** expect.poll backs off to 1 s between tries; a chat answers in milliseconds, so look often. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { interval: 40, timeout: 8000 });

/** A bot message with this text; the bot may also send briefings meanwhile, so "the last message" is not enough. */
const botSays = (page: Page, text: RegExp) => page.locator(".row.in .bubble").filter({ hasText: text }).last().waitFor();

describe("the web chat in Chromium", () => {
  it("a persona types /today, opens an event from its button, and /now follows the demo clock", async () => {
    const page = await open({ width: 1280, height: 860 });
    await page.getByRole("button", { name: /Dušan Radovanović/ }).click();
    await poll(() => page.locator("#chat-me").textContent()).toMatch(/Dušan Radovanović/);

    const input = page.getByLabel("Message", { exact: true });
    await input.fill("/today");
    await input.press("Enter");
    await botSays(page, /Day 1 · Tuesday/);
    expect(await page.locator(".row.in .bubble", { hasText: /Day 1 · Tuesday/ }).last().locator("b").first().textContent()).toMatch(/^Day 1/);

    await page.getByRole("button", { name: /^11:30 / }).click();
    await botSays(page, /Dress code:/);
    await page.screenshot({ path: path.join(SHOTS, "webchat-desktop.png") });

    await page.getByRole("button", { name: "Next event" }).click();
    await poll(() => page.locator("#clock-time").textContent()).toBe("10:00");
    await page.getByRole("button", { name: "+15 min" }).click();
    await poll(() => page.locator("#clock-time").textContent()).toBe("10:15");
    await input.fill("/now");
    await input.press("Enter");
    await botSays(page, /Now: 10:15/);
    await page.close();
  });

  it("works by keyboard: Tab reaches the personas and an inline button, Enter presses it", async () => {
    const page = await open({ width: 1280, height: 860 });
    await page.getByRole("button", { name: /Dušan Radovanović/ }).focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Message", { exact: true }).focus();
    await page.keyboard.type("/agenda");
    await page.keyboard.press("Enter");
    const dayTwo = page.getByRole("button", { name: "Day 2", exact: true });
    await dayTwo.waitFor();
    for (let i = 0; i < 60; i++) {
      if (await dayTwo.evaluate((b) => b === document.activeElement)) break;
      await page.keyboard.press("Shift+Tab");
    }
    expect(await dayTwo.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await dayTwo.evaluate((b) => getComputedStyle(b).outlineStyle)).not.toBe("none");
    await page.keyboard.press("Enter");
    await botSays(page, /Day 2 · Wednesday/);

    // The command menu opens from the keyboard, arrows move, Enter sends.
    await page.getByRole("button", { name: "Menu" }).focus();
    await page.keyboard.press("Enter");
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toMatch(/^\/today/);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await poll(() => page.locator(".row.out").last().textContent()).toMatch(/^\/tomorrow/);
    await page.close();
  });

  it("shows the bot's answer to a button press as a toast", async () => {
    const page = await open({ width: 1280, height: 860 });
    await page.getByRole("button", { name: /Dušan Radovanović/ }).click();
    await page.locator(".row").first().waitFor();
    // A button from an old keyboard, as after a programme change: the bot answers "out of date".
    const last = world.demo.emulator.lastBotMessage(STAFF)!;
    world.demo.emulator.clickButton(STAFF, last.id, "e:no-such-event", { force: true });
    await poll(() => page.locator(".toast").textContent()).toBe("This button is out of date.");
    await page.close();
  });

  it("shows the bot's reply keyboard under the chat; its location key shares a map pin, Cancel takes it away", async () => {
    const page = await open({ width: 1280, height: 860 });
    await page.getByRole("button", { name: /Dušan Radovanović/ }).click();
    const input = page.getByLabel("Message", { exact: true });
    await input.fill("/liaison");
    await input.press("Enter");
    const keyboard = page.getByRole("group", { name: "Reply keyboard" });
    await keyboard.getByRole("button", { name: /Share my location/ }).click();
    await page.locator(".row.out a.card[href^='https://www.openstreetmap.org/']").last().waitFor();
    await input.fill("/liaison");
    await input.press("Enter");
    await keyboard.getByRole("button", { name: /Cancel/ }).click();
    await poll(() => keyboard.isVisible()).toBe(false);
    await page.close();
  });

  it("shows venue cards with a map link and contact cards with a tel: link, and fits a phone screen", async () => {
    const page = await open({ width: 390, height: 844 });
    await page.getByRole("button", { name: /Ана Стефанович/ }).click();
    const input = page.getByLabel("Message", { exact: true });
    // The lists come with a button per contact / venue; a press sends the native card.
    const firstButtonOf = (heading: RegExp) =>
      page.locator(".row.in", { has: page.locator(".bubble", { hasText: heading }) }).last().locator(".kb-button").first();
    await input.fill("/contacts");
    await input.press("Enter");
    await firstButtonOf(/^Контакты/).click();
    await page.locator(".card.contact a[href^='tel:']").first().waitFor();
    await input.fill("/venues");
    await input.press("Enter");
    await firstButtonOf(/^Места/).click();
    await page.locator(".card.venue a[href^='https://www.openstreetmap.org/']").first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, "webchat-phone.png") });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it("a reopened tab shows the chat again, and a message arriving meanwhile in another tab's chat counts as unread", async () => {
    const page = await open({ width: 1280, height: 860 });
    await page.getByRole("button", { name: /Dušan Radovanović/ }).click();
    await page.locator(".row").first().waitFor();
    const ids = () => page.locator(".row").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
    const before = await ids();
    expect(before.length).toBeGreaterThan(0);
    await page.reload();
    // Everything that was there is there again (the bot may have sent a briefing meanwhile).
    await poll(async () => {
      const now = await ids();
      return before.every((id) => now.includes(id));
    }).toBe(true);
    await fetch(`${world.url}/api/chats/${FIRST_PERSONA_ID}/messages`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "/now" }),
    });
    await poll(() => page.getByRole("button", { name: /Dejan Ristić.*\d+ unread/ }).count()).toBe(1);
    await page.close();
  });
});
