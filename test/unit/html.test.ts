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
    expect(parts.join("\n\n")).toBe(paragraphs.join("\n\n"));
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
