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
  | { kind: "draft"; action: DraftAction; draftId: string }
  | { kind: "source"; key: string; lang?: Lang }
  | { kind: "original"; key: string; lang?: Lang }
  | { kind: "askHuman"; lang?: Lang }
  | { kind: "wizard"; step: WizardStep; value: string }
  | { kind: "announcementOriginal"; announcementId: string }
  | { kind: "remind"; minutes: 0 | 15 | 30 | 60 }
  | { kind: "forget"; confirm: boolean };

/** The organizer wizards' steps (src/bot/conversations): a button names its step and the value picked. */
export type WizardStep = "day" | "event" | "what" | "venue" | "audience" | "group" | "person" | "cancel";
const WIZARD_STEPS: Record<string, WizardStep> = {
  d: "day", e: "event", k: "what", v: "venue", a: "audience", g: "group", p: "person", x: "cancel",
};
const WIZARD_LETTERS = Object.fromEntries(Object.entries(WIZARD_STEPS).map(([l, s]) => [s, l])) as Record<WizardStep, string>;

/** What an organizer can do with a preview. */
export type DraftAction = "send" | "edit" | "drop";
const DRAFT_ACTIONS: Record<string, DraftAction> = { s: "send", e: "edit", x: "drop" };

const MAX_BYTES = 64;
const ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** A grounded answer's passage key (see src/knowledge/passage.ts). */
const PASSAGE_KEY = /^(visit|day:\d{1,2}|(event|venue|contact|person):[a-z0-9][a-z0-9_-]{0,39}|doc:[a-z0-9][a-z0-9_-]{0,39}:\d{1,4})$/;
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
    case "forget": data = `fg:${cb.confirm ? 1 : 0}`; break;
    case "draft": data = `dr:${cb.action[0] === "d" ? "x" : cb.action[0]}:${cb.draftId}`; break;
    case "source": data = `s:${cb.key}${cb.lang ? `@${cb.lang}` : ""}`; break;
    case "original": data = `o:${cb.key}${cb.lang ? `@${cb.lang}` : ""}`; break;
    case "askHuman": data = cb.lang ? `ah:${cb.lang}` : "ah"; break;
    case "wizard": data = `w:${WIZARD_LETTERS[cb.step]}:${cb.value}`; break;
    case "announcementOriginal": data = `ao:${cb.announcementId}`; break;
    case "remind": data = `rm:${cb.minutes}`; break;
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
    case "fg": return arg === "1" || arg === "0" ? { kind: "forget", confirm: arg === "1" } : undefined;
    case "dr": {
      const [action, id] = arg.split(":");
      const a = action ? DRAFT_ACTIONS[action] : undefined;
      return a && id && TOKEN.test(id) ? { kind: "draft", action: a, draftId: id } : undefined;
    }
    case "s":
    case "o": {
      // A grounded answer's source, in the language the answer was given in (which may not be the setting).
      const [key = "", lang] = arg.split("@");
      if (!PASSAGE_KEY.test(key) || (lang !== undefined && !isLang(lang))) return undefined;
      return { kind: tag === "s" ? "source" : "original", key, ...(lang ? { lang } : {}) };
    }
    case "ah": return sep < 0 ? { kind: "askHuman" } : isLang(arg) ? { kind: "askHuman", lang: arg } : undefined;
    case "w": {
      const at = arg.indexOf(":");
      const letter = arg.slice(0, at);
      const step = at > 0 && Object.hasOwn(WIZARD_STEPS, letter) ? WIZARD_STEPS[letter] : undefined;
      const value = arg.slice(at + 1);
      return step && (value === "" || ID.test(value)) ? { kind: "wizard", step, value } : undefined;
    }
    case "ao": return TOKEN.test(arg) ? { kind: "announcementOriginal", announcementId: arg } : undefined;
    case "rm": return /^(0|15|30|60)$/.test(arg) ? { kind: "remind", minutes: Number(arg) as 0 | 15 | 30 | 60 } : undefined;
    default: return undefined;
  }
}
