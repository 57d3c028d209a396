import { describe, expect, it } from "vitest";
import { escapeHtml, splitMessage } from "../../src/bot/html.ts";
import { decode, encode, type Callback } from "../../src/bot/keyboards/callback-data.ts";

describe("HTML for Telegram", () => {
  it("escapes the three characters Telegram parses, and quotes", () => {
    expect(escapeHtml(`<b>"Tom & Jerry"</b>`)).toBe("&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;");
  });
  it("splits long texts on paragraph boundaries below the limit, keeping every paragraph whole", () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `<b>${i}</b> ${"слово ".repeat(30)}`);
    const parts = splitMessage(paragraphs.join("\n\n"));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4000);
    // Every part holds whole paragraphs (Telegram trims the spaces at a message's ends anyway).
    expect(parts.flatMap((p) => p.split("\n\n")).map((x) => x.trim())).toEqual(paragraphs.map((x) => x.trim()));
  });
  it("cuts one enormous line at spaces without leaving a broken entity", () => {
    const parts = splitMessage("a&amp;b ".repeat(2000));
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4000);
      expect(part).not.toMatch(/&(?!amp;)/);
    }
  });
});

describe("callback data", () => {
  const samples: Callback[] = [
    { kind: "lang", lang: "sr-Latn" }, { kind: "me", personId: null }, { kind: "me", personId: "ristic" },
    { kind: "day", day: 2 }, { kind: "event", eventId: "d1-ministry-meeting" }, { kind: "venue", venueId: "ministry" },
    { kind: "contact", contactId: "liaison" }, { kind: "venues" }, { kind: "contacts" }, { kind: "today" }, { kind: "identity" },
  ];
  it("round-trips every kind within 64 bytes", () => {
    for (const cb of samples) {
      const data = encode(cb);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decode(data)).toEqual(cb);
    }
  });
  it("rejects malformed and forged data", () => {
    for (const bad of ["", "x", "l:de", "d:abc", "e:../../etc", "e:" + "a".repeat(60), "vs:extra", "me:Ристић"]) {
      expect(decode(bad)).toBeUndefined();
    }
  });
});

describe("splitting inside a tag", () => {
  it("closes and reopens a tag that spans the cut, so every part parses on its own", async () => {
    const { parseHtml } = await import("../../src/emulator/index.ts");
    const question = Array.from({ length: 8 }, (_, i) => `${i} ${"<&> слово ".repeat(60)}`).join("\n\n");
    const html = `<b>Too long</b>\n<code>${escapeHtml(question)}</code>\n<i>${"tail ".repeat(300)}</i>`;
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4000);
      expect(() => parseHtml(part)).not.toThrow();
    }
    const text = (p: string) => parseHtml(p).text;
    expect(parts.map(text).join("").replace(/\s+/g, "")).toBe(parseHtml(html).text.replace(/\s+/g, ""));
  });
  it("never cuts a link's opening tag or an entity in half", async () => {
    const { parseHtml } = await import("../../src/emulator/index.ts");
    const html = Array.from({ length: 400 }, (_, i) => `<a href="https://example.org/${i}">link&amp;${i}</a>`).join("");
    for (const part of splitMessage(html)) expect(() => parseHtml(part)).not.toThrow();
  });
});
