import { describe, expect, it } from "vitest";
import { buildTree, safeHref, type TextNode } from "../../src/webchat/render.ts";

/** The tree as HTML-like text, to compare shapes at a glance. */
const show = (nodes: TextNode[]): string =>
  nodes.map((n) => (typeof n === "string" ? n : `<${n.tag}${n.href ? ` href=${n.href}` : ""}${n.command ? ` cmd=${n.command}` : ""}>${show(n.children)}</${n.tag}>`)).join("");

describe("rendering a message from its entities", () => {
  it("nests bold and italic the way the bot's HTML had them", () => {
    const text = "Day 1 · Tuesday\nArrival";
    expect(show(buildTree(text, [{ type: "bold", offset: 0, length: 15 }, { type: "italic", offset: 8, length: 7 }]))).toBe(
      "<b>Day 1 · <i>Tuesday</i></b>\nArrival",
    );
  });

  it("keeps offsets in UTF-16 units, so emoji and Cyrillic before a link do not shift it", () => {
    const text = "📍 Хотел „Минск“ map";
    expect(show(buildTree(text, [{ type: "text_link", offset: 17, length: 3, url: "https://www.openstreetmap.org/?mlat=53.9" }]))).toBe(
      "📍 Хотел „Минск“ <a href=https://www.openstreetmap.org/?mlat=53.9>map</a>",
    );
  });

  it("links only http, https, tg and tel; a javascript: link stays plain text", () => {
    expect(show(buildTree("click", [{ type: "text_link", offset: 0, length: 5, url: "javascript:alert(1)" }]))).toBe("click");
    expect(safeHref("data:text/html,<b>x</b>")).toBeUndefined();
    expect(safeHref("mailto:a@b.c")).toBeUndefined();
    expect(safeHref("tel:+375171234567")).toBe("tel:+375171234567");
    expect(safeHref("tg://resolve?domain=x")).toBe("tg://resolve?domain=x");
  });

  it("turns phone numbers into tel: links and /commands into tappable commands", () => {
    const text = "Call +375 29 123-45-67 or send /today@attache_demo_bot";
    const tree = buildTree(text, [
      { type: "phone_number", offset: 5, length: 17 },
      { type: "bot_command", offset: 31, length: 23 },
    ]);
    expect(show(tree)).toBe("Call <a href=tel:+375291234567>+375 29 123-45-67</a> or send <span cmd=/today>/today@attache_demo_bot</span>");
  });

  it("keeps markup a user typed as text: there is nothing to inject", () => {
    const text = '<img src=x onerror="alert(1)"> & <b>';
    expect(buildTree(text, [])).toEqual([text]);
  });

  it("clips an entity that crosses its parent's end and ignores one outside the text, keeping every character", () => {
    const text = "abcdef";
    const tree = buildTree(text, [
      { type: "bold", offset: 0, length: 3 },
      { type: "italic", offset: 2, length: 3 },
      { type: "code", offset: 40, length: 2 },
    ]);
    expect(show(tree)).toBe("<b>ab<i>c</i></b>def");
  });
});
