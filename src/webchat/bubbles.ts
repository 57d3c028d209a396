/// <reference lib="dom" />
// One message drawn as Telegram draws it: the bubble with formatted text, venue/contact/file cards, the time, and
// the inline keyboard under it. Knows nothing of the server; a button press is handed to the caller.
import { buildTree, safeHref, type Entity, type TextNode } from "./render.ts";

export type Button = { text: string; data: string } | { text: string; url: string };
export type Key = { text: string; request?: "location" | "contact" };
export interface Message {
  chatId: number; id: number; out: boolean; date: number; kind: string; text: string; entities: Entity[]; edited: boolean;
  inline?: Button[][]; keyboard?: { rows: Key[][]; oneTime: boolean; placeholder?: string }; removeKeyboard?: true;
  venue?: { title: string; address: string; map: string }; location?: { map: string }; contact?: { name: string; phone: string };
  file?: { name: string; size: number; url: string; image: boolean }; replyTo?: { id: number; text: string };
}

/** What the page does when a reader acts on a message. */
export interface Actions {
  time: (ms: number) => string;
  /** A press on an inline callback button (the page sends it and waits for the bot's answer). */
  press: (m: Message, button: { text: string; data: string }, element: HTMLButtonElement) => void;
  /** Answer this message with a Telegram reply. */
  reply: (m: Message) => void;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function toDom(nodes: TextNode[], parent: HTMLElement): void {
  for (const n of nodes) {
    if (typeof n === "string") { parent.append(n); continue; }
    const node = el(n.tag, n.className);
    if (n.tag === "a" && n.href) Object.assign(node, { href: n.href, target: "_blank", rel: "noopener noreferrer" });
    if (n.command) {
      Object.assign(node, { tabIndex: 0, role: "button", title: `Send ${n.command}` });
      node.dataset.command = n.command;
    }
    toDom(n.children, node);
    parent.append(node);
  }
}

function card(m: Message): HTMLElement | undefined {
  if (m.venue) {
    const c = el("div", "card venue");
    c.append(el("strong", "", `📍 ${m.venue.title}`), el("span", "", m.venue.address));
    const a = el("a", "", "Open in OpenStreetMap");
    Object.assign(a, { href: safeHref(m.venue.map) ?? "#", target: "_blank", rel: "noopener noreferrer" });
    c.append(a);
    return c;
  }
  if (m.location) {
    const a = el("a", "card", "📍 Location — open in OpenStreetMap");
    Object.assign(a, { href: safeHref(m.location.map) ?? "#", target: "_blank", rel: "noopener noreferrer" });
    return a;
  }
  if (m.contact) {
    const c = el("div", "card contact");
    c.append(el("span", "avatar", m.contact.name.slice(0, 1)), el("strong", "", m.contact.name));
    const tel = el("a", "", m.contact.phone);
    tel.href = safeHref(`tel:${m.contact.phone.replace(/[^\d+]/g, "")}`) ?? "#";
    c.append(tel);
    return c;
  }
  if (m.file) {
    if (m.file.image) return Object.assign(el("img", "photo"), { src: m.file.url, alt: m.text || "photo" });
    const a = el("a", "card file", `📄 ${m.file.name} · ${Math.max(1, Math.round(m.file.size / 1024))} KB`);
    Object.assign(a, { href: m.file.url, download: m.file.name });
    return a;
  }
  return undefined;
}

export function bubble(m: Message, actions: Actions): HTMLElement {
  const row = el("div", `row ${m.out ? "out" : "in"}`);
  row.dataset.id = String(m.id);
  const b = el("div", "bubble");
  if (m.replyTo) b.append(el("div", "reply-to", m.replyTo.text));
  const c = card(m);
  if (c) b.append(c);
  if (m.text) {
    const text = el("div", "text");
    toDom(buildTree(m.text, m.entities), text);
    b.append(text);
  }
  b.append(el("span", "meta", `${m.edited ? "edited " : ""}${actions.time(m.date)}`));
  if (!m.out) {
    const reply = el("button", "reply", "↩");
    Object.assign(reply, { type: "button", title: "Reply" });
    reply.setAttribute("aria-label", "Reply to this message");
    reply.addEventListener("click", () => actions.reply(m));
    b.append(reply);
  }
  row.append(b);
  if (m.inline?.length) {
    const kb = el("div", "inline-keyboard");
    for (const r of m.inline) {
      const line = el("div", "kb-row");
      for (const btn of r) line.append(inlineButton(m, btn, actions.press));
      kb.append(line);
    }
    row.append(kb);
  }
  return row;
}

function inlineButton(m: Message, btn: Button, press: Actions["press"]): HTMLElement {
  if ("url" in btn) {
    const a = el("a", "kb-button", `${btn.text} ↗`);
    Object.assign(a, { href: safeHref(btn.url) ?? "#", target: "_blank", rel: "noopener noreferrer" });
    return a;
  }
  const b = el("button", "kb-button", btn.text);
  b.type = "button";
  b.addEventListener("click", () => press(m, btn, b));
  return b;
}

export function daySeparator(label: string): HTMLElement {
  return el("div", "day", label);
}

