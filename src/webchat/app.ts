/// <reference lib="dom" />
// The web chat in the browser: persona tabs, the chat with the bot (bubbles, buttons, cards, pinned bar, menu,
// typing), the demo clock, and live updates over server-sent events. Served as JavaScript by Node's type stripper.
import { buildTree, safeHref, type Entity, type TextNode } from "./render.ts";

interface Persona { userId: number; kind: string; name: string; role: string; lang: string | null; languageCode: string }
type Button = { text: string; data: string } | { text: string; url: string };
interface Message {
  chatId: number; id: number; out: boolean; date: number; kind: string; text: string; entities: Entity[]; edited: boolean;
  inline?: Button[][]; keyboard?: { rows: string[][]; oneTime: boolean; placeholder?: string }; removeKeyboard?: true;
  venue?: { title: string; address: string; map: string }; location?: { map: string }; contact?: { name: string; phone: string };
  file?: { name: string; size: number; url: string; image: boolean }; replyTo?: { id: number; text: string };
}
interface Clock { now: number; timezone: string; local: string; day?: number; dayCount: number; next?: { start: number; title: string }; hasNextDay: boolean }

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const state = { personas: [] as Persona[], active: 0, messages: [] as Message[], unread: new Map<number, number>(), clock: null as Clock | null, clockAt: 0 };
const pending = new Map<string, HTMLButtonElement>();
let typingTimer = 0;

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error ?? res.statusText);
  return json as T;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function toDom(nodes: TextNode[], parent: HTMLElement): void {
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

const zone = () => state.clock?.timezone ?? "UTC";
const fmt = (ms: number, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-GB", { timeZone: zone(), ...opts }).format(ms);
const hhmm = (ms: number) => fmt(ms, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

function toast(text: string): void {
  const t = el("div", "toast", text);
  $("toasts").append(t);
  setTimeout(() => t.remove(), 3500);
}

function alertBox(text: string): void {
  $("alert-text").textContent = text;
  $<HTMLDialogElement>("alert").showModal();
}

// ── Messages ────────────────────────────────────────────────────────────────
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

function bubble(m: Message): HTMLElement {
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
  b.append(el("span", "meta", `${m.edited ? "edited " : ""}${hhmm(m.date)}`));
  row.append(b);
  if (m.inline?.length) {
    const kb = el("div", "inline-keyboard");
    for (const r of m.inline) {
      const line = el("div", "kb-row");
      for (const btn of r) line.append(inlineButton(m, btn));
      kb.append(line);
    }
    row.append(kb);
  }
  return row;
}

function inlineButton(m: Message, btn: Button): HTMLElement {
  if ("url" in btn) {
    const a = el("a", "kb-button", `${btn.text} ↗`);
    Object.assign(a, { href: safeHref(btn.url) ?? "#", target: "_blank", rel: "noopener noreferrer" });
    return a;
  }
  const b = el("button", "kb-button", btn.text);
  b.type = "button";
  b.addEventListener("click", async () => {
    b.setAttribute("aria-busy", "true");
    try {
      const { queryId } = await api<{ queryId: string }>(`/api/chats/${m.chatId}/callbacks`, { messageId: m.id, data: btn.data });
      pending.set(queryId, b);
      setTimeout(() => { if (pending.delete(queryId)) b.removeAttribute("aria-busy"); }, 10_000);
    } catch (e) {
      b.removeAttribute("aria-busy");
      toast((e as Error).message);
    }
  });
  return b;
}

function daySeparator(ms: number): HTMLElement {
  return el("div", "day", fmt(ms, { weekday: "long", day: "numeric", month: "long" }));
}

function renderMessages(): void {
  const box = $("messages");
  box.replaceChildren();
  let day = "";
  for (const m of state.messages) {
    const d = fmt(m.date, { year: "numeric", month: "2-digit", day: "2-digit" });
    if (d !== day) box.append(daySeparator(m.date));
    day = d;
    box.append(bubble(m));
  }
  if (state.messages.length === 0) box.append(emptyHint());
  renderReplyKeyboard();
  box.scrollTop = box.scrollHeight;
}

function emptyHint(): HTMLElement {
  const hint = el("div", "empty");
  hint.append(el("p", "", "Try a command:"));
  for (const c of ["/today", "/now", "/agenda", "/venues", "/contacts", "/start"]) {
    const b = el("button", "suggest", c);
    b.type = "button";
    b.addEventListener("click", () => void send(c));
    hint.append(b);
  }
  return hint;
}

function upsert(m: Message): void {
  const i = state.messages.findIndex((x) => x.id === m.id);
  if (i < 0) state.messages.push(m);
  else state.messages[i] = m;
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const old = box.querySelector(`[data-id="${m.id}"]`);
  if (old && old.contains(document.activeElement)) {
    renderMessages(); // keep it simple: a redraw, then focus returns to the same message's first button
    (box.querySelector(`[data-id="${m.id}"] button`) as HTMLElement | null)?.focus();
  } else if (old) old.replaceWith(bubble(m));
  else renderMessages();
  if (atBottom || i < 0) box.scrollTop = box.scrollHeight;
  renderReplyKeyboard();
}

function renderReplyKeyboard(): void {
  const box = $("reply-keyboard");
  const last = [...state.messages].reverse().find((m) => !m.out && (m.keyboard || m.removeKeyboard));
  box.replaceChildren();
  box.hidden = !last?.keyboard;
  if (!last?.keyboard) return;
  for (const r of last.keyboard.rows) {
    const line = el("div", "kb-row");
    for (const text of r) {
      const b = el("button", "kb-button", text);
      b.type = "button";
      b.addEventListener("click", () => void send(text));
      line.append(b);
    }
    box.append(line);
  }
  $<HTMLInputElement>("composer-input").placeholder = last.keyboard.placeholder ?? "Message";
}

function renderPinned(m: Message | null): void {
  const bar = $<HTMLButtonElement>("pinned");
  bar.hidden = !m;
  $("pinned-text").textContent = m ? m.text.split("\n")[0] ?? "" : "";
  bar.onclick = () => m && $("messages").querySelector(`[data-id="${m.id}"]`)?.scrollIntoView({ block: "center" });
}

function showTyping(action: string | null): void {
  clearTimeout(typingTimer);
  const status = $("chat-status");
  status.textContent = action ? (action === "typing" ? "typing…" : `${action.replaceAll("_", " ")}…`) : "bot";
  status.classList.toggle("busy", Boolean(action));
  if (action) typingTimer = window.setTimeout(() => showTyping(null), 5000);
}

async function send(text: string): Promise<void> {
  if (!state.active || !text.trim()) return;
  try {
    const { message } = await api<{ message: Message }>(`/api/chats/${state.active}/messages`, { text });
    upsert(message);
  } catch (e) {
    toast((e as Error).message);
  }
}

// ── Personas, menu, clock ───────────────────────────────────────────────────
function renderPersonas(): void {
  const list = $("personas");
  list.replaceChildren();
  for (const p of state.personas) {
    const li = el("li");
    const b = el("button", "persona");
    b.type = "button";
    b.dataset.user = String(p.userId);
    if (p.userId === state.active) b.setAttribute("aria-current", "true");
    const unread = state.unread.get(p.userId) ?? 0;
    b.append(el("span", "avatar", p.name.slice(0, 1)), el("span", "pname", p.name), el("span", "prole", p.role));
    b.append(el("span", "lang", p.kind === "organizer" ? `${p.lang} · organizer` : p.lang ?? p.languageCode));
    if (unread > 0) b.append(el("span", "unread", String(unread)));
    b.setAttribute("aria-label", `${p.name}, ${p.role}${unread ? `, ${unread} unread` : ""}`);
    b.addEventListener("click", () => void select(p.userId));
    li.append(b);
    list.append(li);
  }
}

async function select(userId: number): Promise<void> {
  state.active = userId;
  state.unread.delete(userId);
  history.replaceState(null, "", `#${userId}`);
  renderPersonas();
  closeMenu();
  state.messages = [];
  const chat = await api<{ persona: Persona; messages: Message[]; pinned: Message | null; typing: string | null }>(`/api/chats/${userId}`);
  if (state.active !== userId) return;
  // Messages that arrived live while the history was on its way are kept.
  const known = new Set(chat.messages.map((m) => m.id));
  state.messages = [...chat.messages, ...state.messages.filter((m) => !known.has(m.id))].sort((a, b) => a.id - b.id);
  $("chat-me").textContent = `You are ${chat.persona.name}`;
  renderMessages();
  renderPinned(chat.pinned);
  showTyping(chat.typing);
}

async function openMenu(): Promise<void> {
  const menu = $("menu");
  const { commands } = await api<{ commands: Array<{ command: string; description: string }> }>(`/api/chats/${state.active}/commands`);
  menu.replaceChildren();
  for (const c of commands) {
    const item = el("button", "menu-item");
    Object.assign(item, { type: "button", role: "menuitem" });
    item.append(el("span", "cmd", `/${c.command}`), el("span", "", c.description));
    item.addEventListener("click", () => { closeMenu(); void send(`/${c.command}`); });
    menu.append(item);
  }
  menu.hidden = false;
  $("menu-button").setAttribute("aria-expanded", "true");
  (menu.querySelector("button") as HTMLElement | null)?.focus();
}

function closeMenu(): void {
  $("menu").hidden = true;
  $("menu-button").setAttribute("aria-expanded", "false");
}

function setClock(c: Clock | null): void {
  state.clock = c;
  state.clockAt = Date.now();
  tick();
  $("clock-next").textContent = c?.next ? `Next: ${hhmm(c.next.start)} ${c.next.title}` : "No event left in the programme";
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-clock]")) {
    b.disabled = !c || (b.dataset.clock === "next-event" && !c.next) || (b.dataset.clock === "next-day" && !c.hasNextDay);
  }
}

function tick(): void {
  const c = state.clock;
  if (!c) return;
  const now = c.now + (Date.now() - state.clockAt);
  $("clock-time").textContent = hhmm(now);
  $("clock-day").textContent = `${c.day ? `Day ${c.day} of ${c.dayCount} · ` : ""}${fmt(now, { weekday: "short", day: "numeric", month: "short" })} · ${c.timezone}`;
}

// ── Live updates and wiring ─────────────────────────────────────────────────
function live(): void {
  const events = new EventSource("/api/events");
  const on = <T>(name: string, fn: (data: T) => void) => events.addEventListener(name, (e) => fn(JSON.parse((e as MessageEvent).data) as T));
  on("ready", () => void resync());
  on<Message>("message", (m) => {
    if (m.chatId === state.active) { upsert(m); if (!m.out) showTyping(null); }
    else if (!m.out) { state.unread.set(m.chatId, (state.unread.get(m.chatId) ?? 0) + 1); renderPersonas(); }
  });
  on<Message>("edit", (m) => { if (m.chatId === state.active) upsert(m); });
  on<{ chatId: number; id: number }>("delete", (d) => {
    if (d.chatId !== state.active) return;
    state.messages = state.messages.filter((m) => m.id !== d.id);
    $("messages").querySelector(`[data-id="${d.id}"]`)?.remove();
    renderReplyKeyboard();
  });
  on<{ chatId: number; pinned: Message | null }>("pin", (p) => { if (p.chatId === state.active) renderPinned(p.pinned); });
  on<{ chatId: number; action: string }>("chatAction", (a) => { if (a.chatId === state.active) showTyping(a.action); });
  on<{ chatId: number; queryId: string; text: string; showAlert: boolean; url: string | null }>("callbackAnswer", (a) => {
    if (a.chatId !== state.active && !pending.has(a.queryId)) return;
    pending.get(a.queryId)?.removeAttribute("aria-busy");
    pending.delete(a.queryId);
    if (a.text) (a.showAlert ? alertBox : toast)(a.text);
    const href = a.url ? safeHref(a.url) : undefined;
    if (href) window.open(href, "_blank", "noopener");
  });
  on<Clock>("clock", setClock);
  on<Persona[]>("personas", (list) => { state.personas = list; renderPersonas(); });
}

/** After a (re)connect: the server's state is the truth, nothing the page held is needed. */
async function resync(): Promise<void> {
  const s = await api<{ bot: { name: string }; visit: { title: string }; personas: Persona[]; clock: Clock | null }>("/api/state");
  state.personas = s.personas;
  $("visit-title").textContent = s.visit.title;
  $("chat-name").textContent = s.bot.name;
  setClock(s.clock);
  const wanted = Number(location.hash.slice(1)) || state.active;
  const first = s.personas.find((p) => p.userId === wanted) ?? s.personas[0];
  if (first) await select(first.userId);
}

function wire(): void {
  const input = $<HTMLInputElement>("composer-input");
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value;
    input.value = "";
    void send(text);
  });
  $("menu-button").addEventListener("click", () => ($("menu").hidden ? void openMenu() : closeMenu()));
  $("menu").addEventListener("keydown", (e) => {
    const items = [...$("menu").querySelectorAll<HTMLElement>("button")];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("menu").hidden) { closeMenu(); $("menu-button").focus(); }
  });
  const sendCommand = (e: Event) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>("[data-command]");
    if (!target || (e instanceof KeyboardEvent && e.key !== "Enter" && e.key !== " ")) return;
    e.preventDefault();
    void send(target.dataset.command ?? "");
  };
  $("messages").addEventListener("click", sendCommand);
  $("messages").addEventListener("keydown", sendCommand);
  $("messages").addEventListener("click", (e) => (e.target as HTMLElement).classList.contains("spoiler") && (e.target as HTMLElement).classList.add("revealed"));
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-clock]")) {
    b.addEventListener("click", () => void api<Clock>("/api/clock", { action: b.dataset.clock }).then(setClock, (e: Error) => toast(e.message)));
  }
  $("guest-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const { persona } = await api<{ persona: Persona }>("/api/personas", { languageCode: $<HTMLSelectElement>("guest-lang").value });
    if (!state.personas.some((p) => p.userId === persona.userId)) state.personas.push(persona);
    await select(persona.userId);
  });
  setInterval(tick, 1000);
}

wire();
live();
