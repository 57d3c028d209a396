// Every inline button's callback data, typed and encoded in one place. Ids only, never texts: ≤ 64 bytes.
import { isLang, type Lang } from "../../domain/language.ts";

export type Callback =
  | { kind: "lang"; lang: Lang }
  | { kind: "me"; personId: string | null }
  | { kind: "day"; day: number }
  | { kind: "event"; eventId: string }
  | { kind: "venue"; venueId: string }
  | { kind: "venues" }
  | { kind: "contact"; contactId: string }
  | { kind: "contacts" }
  | { kind: "today" }
  | { kind: "identity" }
  | { kind: "ack"; changeId: string }
  | { kind: "draft"; action: DraftAction; draftId: string };

/** What an organizer can do with a preview. */
export type DraftAction = "send" | "edit" | "drop";
const DRAFT_ACTIONS: Record<string, DraftAction> = { s: "send", e: "edit", x: "drop" };

const MAX_BYTES = 64;
const ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** Random ids the bot makes (changes, drafts): short, URL-safe. */
const TOKEN = /^[A-Za-z0-9_-]{6,24}$/;

export function encode(cb: Callback): string {
  let data: string;
  switch (cb.kind) {
    case "lang": data = `l:${cb.lang}`; break;
    case "me": data = `me:${cb.personId ?? "-"}`; break;
    case "day": data = `d:${cb.day}`; break;
    case "event": data = `e:${cb.eventId}`; break;
    case "venue": data = `v:${cb.venueId}`; break;
    case "venues": data = "vs"; break;
    case "contact": data = `c:${cb.contactId}`; break;
    case "contacts": data = "cs"; break;
    case "today": data = "t"; break;
    case "identity": data = "who"; break;
    case "ack": data = `ok:${cb.changeId}`; break;
    case "draft": data = `dr:${cb.action[0] === "d" ? "x" : cb.action[0]}:${cb.draftId}`; break;
  }
  if (Buffer.byteLength(data) > MAX_BYTES) throw new Error(`callback data over ${MAX_BYTES} bytes: ${data}`);
  return data;
}

/** Parses callback data; anything malformed or forged yields undefined (the handler answers it politely). */
export function decode(data: string | undefined): Callback | undefined {
  if (!data || Buffer.byteLength(data) > MAX_BYTES) return undefined;
  const sep = data.indexOf(":");
  const tag = sep < 0 ? data : data.slice(0, sep);
  const arg = sep < 0 ? "" : data.slice(sep + 1);
  switch (tag) {
    case "l": return isLang(arg) ? { kind: "lang", lang: arg } : undefined;
    case "me": return arg === "-" ? { kind: "me", personId: null } : ID.test(arg) ? { kind: "me", personId: arg } : undefined;
    case "d": return /^\d{1,2}$/.test(arg) ? { kind: "day", day: Number(arg) } : undefined;
    case "e": return ID.test(arg) ? { kind: "event", eventId: arg } : undefined;
    case "v": return ID.test(arg) ? { kind: "venue", venueId: arg } : undefined;
    case "c": return ID.test(arg) ? { kind: "contact", contactId: arg } : undefined;
    case "vs": return sep < 0 ? { kind: "venues" } : undefined;
    case "cs": return sep < 0 ? { kind: "contacts" } : undefined;
    case "t": return sep < 0 ? { kind: "today" } : undefined;
    case "who": return sep < 0 ? { kind: "identity" } : undefined;
    case "ok": return TOKEN.test(arg) ? { kind: "ack", changeId: arg } : undefined;
    case "dr": {
      const [action, id] = arg.split(":");
      const a = action ? DRAFT_ACTIONS[action] : undefined;
      return a && id && TOKEN.test(id) ? { kind: "draft", action: a, draftId: id } : undefined;
    }
    default: return undefined;
  }
}
