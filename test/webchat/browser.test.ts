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

const lastBotBubble = (page: Page) => page.locator(".row.in .bubble").last();

describe("the web chat in Chromium", () => {
  it("a persona types /today, opens an event from its button, and /now follows the demo clock", async () => {
    const page = await open({ width: 1280, height: 860 });
    await page.getByRole("button", { name: /Dušan Radovanović/ }).click();
    await expect.poll(() => page.locator("#chat-me").textContent()).toMatch(/Dušan Radovanović/);

    const input = page.getByLabel("Message", { exact: true });
    await input.fill("/today");
    await input.press("Enter");
    await expect.poll(() => lastBotBubble(page).textContent()).toMatch(/Day 1 · Tuesday/);
    expect(await lastBotBubble(page).locator("b").first().textContent()).toMatch(/^Day 1/);

    await page.getByRole("button", { name: /^11:30 / }).click();
    await expect.poll(() => lastBotBubble(page).textContent()).toMatch(/Dress code:/);
    await page.screenshot({ path: path.join(SHOTS, "webchat-desktop.png") });

    await page.getByRole("button", { name: "Next event" }).click();
    await expect.poll(() => page.locator("#clock-time").textContent()).toBe("10:00");
    await page.getByRole("button", { name: "+15 min" }).click();
    await expect.poll(() => page.locator("#clock-time").textContent()).toBe("10:15");
    await input.fill("/now");
    await input.press("Enter");
    await expect.poll(() => lastBotBubble(page).textContent()).toMatch(/Now: 10:15/);
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
    await expect.poll(() => page.locator(".row.in .bubble").last().textContent()).toMatch(/Day 2 · Wednesday/);
    await page.close();
  });

  it("shows venue cards with a map link and contact cards with a tel: link, and fits a phone screen", async () => {
    const page = await open({ width: 390, height: 844 });
    await page.getByRole("button", { name: /Ана Стефанович/ }).click();
    const input = page.getByLabel("Message", { exact: true });
    await input.fill("/contacts");
    await input.press("Enter");
    const tel = page.locator(".card.contact a[href^='tel:']").first();
    await tel.waitFor();
    await input.fill("/venues");
    await input.press("Enter");
    const map = page.locator(".card.venue a[href^='https://www.openstreetmap.org/']").first();
    await map.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, "webchat-phone.png") });
    await page.close();
  });

  it("a reopened tab shows the chat again, and a message arriving meanwhile in another tab's chat counts as unread", async () => {
    const page = await open({ width: 1280, height: 860 });
    await page.getByRole("button", { name: /Dušan Radovanović/ }).click();
    await page.locator(".row").first().waitFor();
    const before = await page.locator(".row").count();
    expect(before).toBeGreaterThan(0);
    await page.reload();
    await expect.poll(() => page.locator(".row").count()).toBe(before);
    await fetch(`${world.url}/api/chats/${FIRST_PERSONA_ID}/messages`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "/now" }),
    });
    await expect.poll(() => page.getByRole("button", { name: /Dejan Ristić.*1 unread/ }).count()).toBe(1);
    await page.close();
  });
});
