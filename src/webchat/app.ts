/// <reference lib="dom" />
// The web chat in the browser: persona tabs, the chat with the bot (bubbles, buttons, cards, pinned bar, menu,
// typing), the demo clock, and live updates over server-sent events. Served as JavaScript by Node's type stripper.
import { safeHref } from "./render.ts";
import { bubble, daySeparator, el, type Actions, type Key, type Message } from "./bubbles.ts";
import { fmt, hhmm, setClock, tick, type Clock } from "./clock.ts";

interface Persona { userId: number; kind: string; name: string; role: string; lang: string | null; languageCode: string }

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const state = {
  personas: [] as Persona[], active: 0, messages: [] as Message[], unread: new Map<number, number>(),
  replyTo: null as Message | null,
};
const pending = new Map<string, HTMLButtonElement>();
/** Answers that came over the event stream before the press's own response did. */
const answered = new Set<string>();
let typingTimer = 0;

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error ?? res.statusText);
  return json as T;
}

function toast(text: string): void {
  const t = el("div", "toast", text);
  $("toasts").append(t);
  setTimeout(() => t.remove(), 3500);
}

function alertBox(text: string): void {
  $("alert-text").textContent = text;
  $<HTMLDialogElement>("alert").showModal();
}

/** The button stays busy until the bot answers the callback query (or 10 s pass), like Telegram's spinner. */
const press: Actions["press"] = async (m, btn, b) => {
  b.setAttribute("aria-busy", "true");
  try {
    const { queryId } = await api<{ queryId: string }>(`/api/chats/${m.chatId}/callbacks`, { messageId: m.id, data: btn.data });
    if (answered.delete(queryId)) return void b.removeAttribute("aria-busy");
    pending.set(queryId, b);
    setTimeout(() => { if (pending.delete(queryId)) b.removeAttribute("aria-busy"); }, 10_000);
  } catch (e) {
    b.removeAttribute("aria-busy");
    toast((e as Error).message);
  }
};
function replyTo(m: Message | null): void {
  state.replyTo = m;
  $("replying").hidden = !m;
  $("replying-text").textContent = m ? m.text.split("\n")[0] ?? "" : "";
  if (m) $("composer-input").focus();
}
const draw = (m: Message) => bubble(m, { time: hhmm, press, reply: replyTo });

function renderMessages(): void {
  const box = $("messages");
  box.replaceChildren();
  let day = "";
  for (const m of state.messages) {
    const d = fmt(m.date, { year: "numeric", month: "2-digit", day: "2-digit" });
    if (d !== day) box.append(daySeparator(fmt(m.date, { weekday: "long", day: "numeric", month: "long" })));
    day = d;
    box.append(draw(m));
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
  } else if (old) old.replaceWith(draw(m));
  else renderMessages();
  if (atBottom || i < 0) box.scrollTop = box.scrollHeight;
  renderReplyKeyboard();
}

/** The latest reply keyboard the bot set stays under the chat until removed (a one-time one until the next answer). */
function renderReplyKeyboard(): void {
  const box = $("reply-keyboard");
  const at = state.messages.findLastIndex((m) => !m.out && (m.keyboard || m.removeKeyboard));
  const keyboard = state.messages[at]?.keyboard;
  const used = keyboard?.oneTime && state.messages.slice(at + 1).some((m) => m.out);
  const shown = keyboard && !used ? keyboard : undefined;
  box.replaceChildren();
  box.hidden = !shown;
  $<HTMLInputElement>("composer-input").placeholder = shown?.placeholder ?? "Message";
  for (const r of shown?.rows ?? []) {
    const line = el("div", "kb-row");
    for (const key of r) line.append(keyButton(key));
    box.append(line);
  }
}

/** A reply-keyboard key sends its text, or shares a location/contact like Telegram's request keys. */
function keyButton(key: Key): HTMLElement {
  const b = el("button", "kb-button", key.text);
  b.type = "button";
  b.addEventListener("click", () => {
    if (!key.request) return void send(key.text);
    api<{ message: Message }>(`/api/chats/${state.active}/share`, { what: key.request }).then((r) => upsert(r.message), (e: Error) => toast(e.message));
  });
  return b;
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
    const replying = state.replyTo;
    replyTo(null);
    const { message } = await api<{ message: Message }>(`/api/chats/${state.active}/messages`, { text, ...(replying ? { replyTo: replying.id } : {}) });
    upsert(message);
  } catch (e) {
    toast((e as Error).message);
  }
}

// ── Personas and menu ───────────────────────────────────────────────────────
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
  // On a phone the personas are one scrolling row: keep the current one in sight.
  list.querySelector<HTMLElement>("[aria-current]")?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

async function select(userId: number): Promise<void> {
  state.active = userId;
  state.unread.delete(userId);
  history.replaceState(null, "", `#${userId}`);
  renderPersonas();
  closeMenu();
  replyTo(null);
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
    const button = pending.get(a.queryId);
    if (button) button.removeAttribute("aria-busy");
    else answered.add(a.queryId);
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
  $("replying-cancel").addEventListener("click", () => replyTo(null));
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
    else if (e.key === "Escape" && state.replyTo) replyTo(null);
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
    try {
      const { persona } = await api<{ persona: Persona }>("/api/personas", { languageCode: $<HTMLSelectElement>("guest-lang").value });
      if (!state.personas.some((p) => p.userId === persona.userId)) state.personas.push(persona);
      await select(persona.userId);
    } catch (error) {
      toast((error as Error).message);
    }
  });
  setInterval(tick, 1000);
}

wire();
live();
