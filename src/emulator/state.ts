// Emulator state: users, chats, per-chat message history and counters, files, commands, callback queries.
import { randomBytes } from 'node:crypto';
import type { BotCommand, CallbackQuery, Chat, Message, MessageEntity, User } from 'grammy/types';
import { buttonTexts, isInlineMarkup } from './markup.ts';
import type { CallbackAnswer, ChatRecord, EmulatorEvents, EventName, MessageKind, ReplyMarkup, StoredFile, StoredMessage } from './types.ts';

export interface NewMessage {
  fromBot: boolean;
  from: User;
  kind: MessageKind;
  text?: string;
  entities?: MessageEntity[];
  html?: string | undefined;
  parseMode?: string | undefined;
  replyMarkup?: ReplyMarkup | undefined;
  replyToMessageId?: number | undefined;
  /** Telegram fields merged into the Message object (document, venue, forward_origin, new_chat_members...). */
  media?: Record<string, unknown>;
  fileId?: string | undefined;
}

export interface MessageChanges {
  text?: string;
  entities?: MessageEntity[];
  html?: string | undefined;
  parseMode?: string | undefined;
  replyMarkup?: ReplyMarkup | undefined;
}

type Notify = <K extends EventName>(event: K, ...args: EmulatorEvents[K]) => void;

const CAPTIONED = new Set<MessageKind>(['photo', 'document', 'audio', 'video', 'voice', 'animation']);

/** Kinds whose text travels as `caption`. */
export function isCaptioned(kind: MessageKind): boolean {
  return CAPTIONED.has(kind);
}

export class State {
  bot: User;
  users = new Map<number, User>();
  chats = new Map<number, ChatRecord>();
  files = new Map<string, StoredFile>();
  filesByPath = new Map<string, StoredFile>();
  /** Users who blocked the bot. */
  blocked = new Set<number>();
  /** Commands by `${scopeKey}|${language_code}`. */
  commands = new Map<string, BotCommand[]>();
  menuButtons = new Map<string, unknown>();
  callbacks = new Map<string, { query: CallbackQuery; at: number }>();
  callbackAnswers: CallbackAnswer[] = [];
  private now: () => number;
  private notify: Notify;
  private fileSeq = 0;
  private groupSeq = 0;

  constructor(bot: User, now: () => number, notify: Notify) {
    this.bot = bot;
    this.now = now;
    this.notify = notify;
  }

  nowSec(): number {
    return Math.floor(this.now() / 1000);
  }

  addUser(user: Omit<User, 'is_bot'> & { is_bot?: boolean }): User {
    const u: User = { ...user, is_bot: user.is_bot ?? false };
    this.users.set(u.id, u);
    const chat = this.chats.get(u.id);
    if (chat && chat.chat.type === 'private') chat.chat = privateChat(u);
    return u;
  }

  /** The registered user, or a default one created on first use. */
  ensureUser(id: number): User {
    return this.users.get(id) ?? this.addUser({ id, first_name: `User ${id}`, language_code: 'en' });
  }

  ensurePrivateChat(userId: number): ChatRecord {
    const existing = this.chats.get(userId);
    if (existing) return existing;
    return this.addChat(privateChat(this.ensureUser(userId)), [userId]);
  }

  createGroup(opts: { id?: number; title: string; type?: 'group' | 'supergroup'; username?: string; members?: number[] }): ChatRecord {
    const type = opts.type ?? 'supergroup';
    this.groupSeq++;
    const id = opts.id ?? (type === 'supergroup' ? -1001000000000 - this.groupSeq : -4000000000 - this.groupSeq);
    const chat = (type === 'supergroup'
      ? { id, type, title: opts.title, ...(opts.username ? { username: opts.username } : {}) }
      : { id, type, title: opts.title }) as Chat;
    for (const m of opts.members ?? []) this.ensureUser(m);
    return this.addChat(chat, opts.members ?? []);
  }

  private addChat(chat: Chat, members: number[]): ChatRecord {
    const rec: ChatRecord = { chat, messages: [], byId: new Map(), nextId: 1, pinned: [], members: new Set(members) };
    this.chats.set(chat.id, rec);
    return rec;
  }

  chat(id: number): ChatRecord | undefined {
    return this.chats.get(id);
  }

  /** Resolve a chat_id parameter (number, numeric string or @username). */
  resolveChat(raw: unknown): ChatRecord | undefined {
    if (typeof raw === 'number') return this.chats.get(raw);
    if (typeof raw !== 'string') return undefined;
    const s = raw.trim();
    if (/^-?\d+$/.test(s)) return this.chats.get(Number(s));
    if (s.startsWith('@')) {
      const name = s.slice(1).toLowerCase();
      for (const c of this.chats.values()) {
        if (c.chat.type !== 'private' && 'username' in c.chat && c.chat.username?.toLowerCase() === name) return c;
      }
    }
    return undefined;
  }

  message(chatId: number, id: number): StoredMessage | undefined {
    return this.chats.get(chatId)?.byId.get(id);
  }

  /** Append a message to a chat, assigning the next message_id; emits 'message'. */
  addMessage(chat: ChatRecord, init: NewMessage): StoredMessage {
    const m: StoredMessage = {
      chatId: chat.chat.id,
      id: chat.nextId++,
      fromBot: init.fromBot,
      from: init.from,
      date: this.nowSec(),
      kind: init.kind,
      text: init.text ?? '',
      entities: init.entities ?? [],
      buttons: buttonTexts(init.replyMarkup),
      media: init.media ?? {},
      edited: false,
      deleted: false,
      raw: {} as Message,
    };
    if (init.html !== undefined) m.html = init.html;
    if (init.parseMode !== undefined) m.parseMode = init.parseMode;
    if (init.replyMarkup !== undefined) m.replyMarkup = init.replyMarkup;
    if (init.replyToMessageId !== undefined) m.replyToMessageId = init.replyToMessageId;
    if (init.fileId !== undefined) m.fileId = init.fileId;
    this.refresh(m);
    chat.messages.push(m);
    chat.byId.set(m.id, m);
    this.notify('message', m);
    return m;
  }

  /** Apply an edit (text/caption, entities, markup); emits 'edit'. */
  editMessage(m: StoredMessage, changes: MessageChanges, markReplyMarkup = true): StoredMessage {
    if (changes.text !== undefined) m.text = changes.text;
    if (changes.entities !== undefined) m.entities = changes.entities;
    if ('html' in changes) setOptional(m, 'html', changes.html);
    if ('parseMode' in changes) setOptional(m, 'parseMode', changes.parseMode);
    if (markReplyMarkup) {
      setOptional(m, 'replyMarkup', changes.replyMarkup);
      m.buttons = buttonTexts(changes.replyMarkup);
    }
    m.edited = true;
    m.editDate = this.nowSec();
    this.refresh(m);
    this.notify('edit', m);
    return m;
  }

  recordChatAction(chat: ChatRecord, action: string, at: number): void {
    chat.lastAction = { action, at };
    this.notify('chatAction', { chatId: chat.chat.id, action, at });
  }

  /** Pin or unpin (messageId undefined with pinned=false: unpin all); emits 'pin'. */
  setPinned(chat: ChatRecord, messageId: number | undefined, pinned: boolean): void {
    if (messageId === undefined) chat.pinned = [];
    else chat.pinned = [...chat.pinned.filter((id) => id !== messageId), ...(pinned ? [messageId] : [])];
    this.notify('pin', { chatId: chat.chat.id, messageId, pinned });
  }

  /** Emit an arbitrary event (for method modules that record things outside messages). */
  emit<K extends EventName>(event: K, ...args: EmulatorEvents[K]): void {
    this.notify(event, ...args);
  }

  deleteMessage(m: StoredMessage): void {
    m.deleted = true;
    const chat = this.chats.get(m.chatId);
    if (chat) chat.pinned = chat.pinned.filter((id) => id !== m.id);
    this.notify('delete', m);
  }

  /** Rebuild the Telegram-shaped Message object from the stored fields. */
  refresh(m: StoredMessage): Message {
    const chat = this.chats.get(m.chatId)?.chat;
    const raw: Record<string, unknown> = { message_id: m.id, from: m.from, chat, date: m.date };
    if (m.editDate !== undefined) raw.edit_date = m.editDate;
    const replied = m.replyToMessageId !== undefined ? this.message(m.chatId, m.replyToMessageId) : undefined;
    if (replied) {
      const { reply_to_message: _nested, ...flat } = replied.raw as Message & { reply_to_message?: unknown };
      raw.reply_to_message = flat;
    }
    Object.assign(raw, m.media);
    if (m.kind === 'text') {
      raw.text = m.text;
      if (m.entities.length > 0) raw.entities = m.entities;
    } else if (isCaptioned(m.kind) && m.text !== '') {
      raw.caption = m.text;
      if (m.entities.length > 0) raw.caption_entities = m.entities;
    }
    if (isInlineMarkup(m.replyMarkup)) raw.reply_markup = m.replyMarkup;
    m.raw = raw as unknown as Message;
    return m.raw;
  }

  /** Keep bytes under a new file_id and downloadable path. */
  storeFile(input: { bytes: Uint8Array; filename: string; mime: string; kind: string; url?: string }): StoredFile {
    const seq = ++this.fileSeq;
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(input.filename)?.[1] ?? 'dat';
    const folder = { photo: 'photos', voice: 'voice', sticker: 'stickers', video: 'videos', audio: 'music' }[input.kind] ?? 'documents';
    const f: StoredFile = {
      file_id: `${input.kind.slice(0, 2).toUpperCase()}ACAgIAAxkBAAI${seq.toString(36)}${randomBytes(9).toString('base64url')}`,
      file_unique_id: `AgAD${seq.toString(36)}${randomBytes(3).toString('hex')}`,
      file_path: `${folder}/file_${seq}.${ext}`,
      filename: input.filename,
      mime: input.mime,
      bytes: input.bytes,
    };
    if (input.url !== undefined) f.url = input.url;
    this.files.set(f.file_id, f);
    this.filesByPath.set(f.file_path, f);
    return f;
  }
}

function setOptional<K extends 'html' | 'parseMode' | 'replyMarkup'>(m: StoredMessage, key: K, value: StoredMessage[K]): void {
  if (value === undefined) delete m[key];
  else m[key] = value;
}

export function privateChat(u: User): Chat {
  const chat: Record<string, unknown> = { id: u.id, type: 'private', first_name: u.first_name };
  if (u.last_name !== undefined) chat.last_name = u.last_name;
  if (u.username !== undefined) chat.username = u.username;
  return chat as unknown as Chat;
}
