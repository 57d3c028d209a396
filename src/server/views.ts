// What the web chat's browser receives: emulator messages reduced to what a Telegram client draws (text with
// entities, buttons, venue/contact/file cards), and the command menu a client in a given language would show.
import type { BotCommand, MessageEntity } from "grammy/types";
import type { Emulator, StoredMessage } from "../emulator/index.ts";

export type ButtonView = { text: string; data: string } | { text: string; url: string };
/** A reply-keyboard key: sends its text, or shares the user's location or contact like Telegram's request_* keys. */
export type KeyView = { text: string; request?: "location" | "contact" };

export interface MessageView {
  chatId: number;
  id: number;
  /** Sent by the persona (drawn on the right), not by the bot. */
  out: boolean;
  /** Epoch ms. */
  date: number;
  kind: string;
  text: string;
  entities: MessageEntity[];
  edited: boolean;
  inline?: ButtonView[][];
  /** A reply keyboard this message sets; `removeKeyboard` hides the current one. */
  keyboard?: { rows: KeyView[][]; oneTime: boolean; placeholder?: string };
  removeKeyboard?: true;
  venue?: { title: string; address: string; lat: number; lon: number; map: string };
  location?: { lat: number; lon: number; map: string };
  contact?: { name: string; phone: string };
  file?: { name: string; mime: string; size: number; url: string; image: boolean };
  replyTo?: { id: number; text: string };
}

export function osmLink(lat: number, lon: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw | undefined => (typeof v === "object" && v !== null ? (v as Raw) : undefined);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

function buttons(m: StoredMessage): Pick<MessageView, "inline" | "keyboard" | "removeKeyboard"> {
  const markup = obj(m.replyMarkup);
  if (!markup) return {};
  if (Array.isArray(markup.inline_keyboard)) {
    const inline = (markup.inline_keyboard as Raw[][]).map((row) =>
      row.flatMap((b): ButtonView[] => {
        if (typeof b.callback_data === "string") return [{ text: str(b.text), data: b.callback_data }];
        if (typeof b.url === "string") return [{ text: str(b.text), url: b.url }];
        return [];
      }),
    );
    return { inline };
  }
  if (Array.isArray(markup.keyboard)) {
    const rows = (markup.keyboard as unknown[][]).map((row) =>
      row.map((b): KeyView => {
        const key = obj(b);
        if (!key) return { text: str(b) };
        const request = key.request_location === true ? "location" : key.request_contact === true ? "contact" : undefined;
        return { text: str(key.text), ...(request ? { request } : {}) };
      }),
    );
    const placeholder = str(markup.input_field_placeholder);
    return { keyboard: { rows, oneTime: markup.one_time_keyboard === true, ...(placeholder ? { placeholder } : {}) } };
  }
  return markup.remove_keyboard === true ? { removeKeyboard: true } : {};
}

function media(m: StoredMessage, fileUrl: (fileId: string) => string): Partial<MessageView> {
  const venue = obj(m.media.venue);
  const location = obj(m.media.location);
  if (venue && location) {
    const lat = num(location.latitude), lon = num(location.longitude);
    return { venue: { title: str(venue.title), address: str(venue.address), lat, lon, map: osmLink(lat, lon) } };
  }
  if (location) {
    const lat = num(location.latitude), lon = num(location.longitude);
    return { location: { lat, lon, map: osmLink(lat, lon) } };
  }
  const contact = obj(m.media.contact);
  if (contact) {
    return { contact: { name: [str(contact.first_name), str(contact.last_name)].filter(Boolean).join(" "), phone: str(contact.phone_number) } };
  }
  if (m.fileId) {
    const doc = obj(m.media.document) ?? obj(m.media.audio) ?? obj(m.media.video) ?? obj(m.media.animation) ?? {};
    return {
      file: {
        name: str(doc.file_name) || (m.kind === "photo" ? "photo.jpg" : m.kind),
        mime: str(doc.mime_type) || (m.kind === "photo" ? "image/jpeg" : "application/octet-stream"),
        size: num(doc.file_size),
        url: fileUrl(m.fileId),
        image: m.kind === "photo",
      },
    };
  }
  return {};
}

export function messageView(m: StoredMessage, emulator: Emulator): MessageView {
  const replied = m.replyToMessageId === undefined ? undefined : emulator.message(m.chatId, m.replyToMessageId);
  return {
    chatId: m.chatId,
    id: m.id,
    out: !m.fromBot,
    date: m.date * 1000,
    kind: m.kind,
    text: m.text,
    entities: m.entities,
    edited: m.edited,
    ...buttons(m),
    ...media(m, (id) => `/api/files/${encodeURIComponent(id)}`),
    ...(replied ? { replyTo: { id: replied.id, text: replied.text.slice(0, 80) } } : {}),
  };
}

/**
 * The menu a Telegram client shows in a private chat: the most specific scope that has commands (chat, then all
 * private chats, then default), and inside a scope the client's language before the scope's default list.
 */
export function commandMenu(emulator: Emulator, chatId: number, languageCode: string): { commands: BotCommand[]; source: string } {
  const lang = languageCode.slice(0, 2).toLowerCase();
  const keys = [`chat:${chatId}|${lang}`, `chat:${chatId}|`, `all_private_chats|${lang}`, `all_private_chats|`, `default|${lang}`, `default|`];
  for (const key of keys) {
    const commands = emulator.state.commands.get(key);
    if (commands && commands.length > 0) return { commands, source: key.replace(`:${chatId}`, "") };
  }
  return { commands: [], source: "none" };
}
