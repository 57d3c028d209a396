// User side: actions of simulated Telegram users that create messages and updates for the bot.
import type { CallbackQuery, Chat, ChatMemberUpdated, MessageEntity, Update, User } from 'grammy/types';
import { detectEntities } from './entities.ts';
import { inlineButtons } from './markup.ts';
import type { NewMessage } from './state.ts';
import type { ChatRecord, Core, StoredMessage } from './types.ts';

export interface UserMessageOptions {
  /** Chat to write in (a group created with createGroup); default: the user's private chat with the bot. */
  chat?: number;
  replyToMessageId?: number;
}

export interface UserMessageResult {
  update: Update;
  message: StoredMessage;
}

export interface CallbackResult {
  update: Update;
  queryId: string;
  query: CallbackQuery;
}

export interface UserFile {
  filename: string;
  mime: string;
  bytes: Uint8Array;
}

// A 1×1 transparent PNG, the default picture a user sends.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export function myChatMember(core: Core, chat: Chat, from: User, oldStatus: string, newStatus: string): ChatMemberUpdated {
  const member = (status: string): unknown => (status === 'kicked' ? { user: core.state.bot, status, until_date: 0 } : { user: core.state.bot, status });
  return {
    chat, from, date: core.state.nowSec(), old_chat_member: member(oldStatus), new_chat_member: member(newStatus),
  } as ChatMemberUpdated;
}

export function blockBot(core: Core, userId: number): Update {
  const chat = core.state.ensurePrivateChat(userId);
  core.state.blocked.add(userId);
  return core.queue.push({ my_chat_member: myChatMember(core, chat.chat, core.state.ensureUser(userId), 'member', 'kicked') } as Update);
}

export function unblockBot(core: Core, userId: number): Update {
  const chat = core.state.ensurePrivateChat(userId);
  core.state.blocked.delete(userId);
  return core.queue.push({ my_chat_member: myChatMember(core, chat.chat, core.state.ensureUser(userId), 'kicked', 'member') } as Update);
}

function targetChat(core: Core, userId: number, opts: UserMessageOptions | undefined): ChatRecord {
  core.state.ensureUser(userId);
  if (opts?.chat === undefined || opts.chat === userId) {
    // Writing to a bot one blocked means restarting it first, which Telegram reports as my_chat_member.
    if (core.state.blocked.has(userId)) unblockBot(core, userId);
    return core.state.ensurePrivateChat(userId);
  }
  const chat = core.state.chat(opts.chat);
  if (!chat) throw new Error(`Chat ${opts.chat} does not exist; create it first with emu.createGroup()`);
  chat.members.add(userId);
  return chat;
}

function userMessage(core: Core, userId: number, init: Omit<NewMessage, 'fromBot' | 'from'>, opts?: UserMessageOptions): UserMessageResult {
  const chat = targetChat(core, userId, opts);
  const replyTo = opts?.replyToMessageId;
  if (replyTo !== undefined && !chat.byId.has(replyTo)) throw new Error(`Cannot reply to message #${replyTo}: chat ${chat.chat.id} has no such message`);
  const message = core.state.addMessage(chat, { ...init, fromBot: false, from: core.state.ensureUser(userId), replyToMessageId: replyTo });
  const update = core.queue.push({ message: message.raw } as Update);
  return { update, message };
}

export function sendText(core: Core, userId: number, text: string, opts?: UserMessageOptions & { entities?: MessageEntity[] }): UserMessageResult {
  if (text.length === 0) throw new Error('A user cannot send an empty message');
  return userMessage(core, userId, { kind: 'text', text, entities: opts?.entities ?? detectEntities(text) }, opts);
}

export function editText(core: Core, userId: number, messageId: number, newText: string, opts?: { chat?: number }): UserMessageResult {
  const chat = targetChat(core, userId, opts);
  const m = chat.byId.get(messageId);
  if (!m || m.deleted || m.fromBot || m.from.id !== userId) {
    throw new Error(`User ${userId} has no message #${messageId} in chat ${chat.chat.id} to edit`);
  }
  const message = core.state.editMessage(m, { text: newText, entities: detectEntities(newText) }, false);
  const update = core.queue.push({ edited_message: message.raw } as Update);
  return { update, message };
}

let callbackSeq = 0;

export function clickButton(core: Core, userId: number, messageId: number, data: string, opts?: { chat?: number; force?: boolean }): CallbackResult {
  const chat = targetChat(core, userId, opts);
  const m = chat.byId.get(messageId);
  if (!opts?.force) {
    if (!m || m.deleted) throw new Error(`Cannot click: chat ${chat.chat.id} has no message #${messageId}`);
    const datas = inlineButtons(m.replyMarkup).flatMap((b) => ('callback_data' in b ? [b.callback_data] : []));
    if (!datas.includes(data)) {
      throw new Error(`Message #${messageId} has no button with callback_data ${JSON.stringify(data)}; it has ${JSON.stringify(datas)}`);
    }
  }
  const queryId = String(4_100_000_000_000_000_000n + BigInt(++callbackSeq));
  const message = m && !m.deleted ? m.raw : { message_id: messageId, chat: chat.chat, date: 0 };
  const query = {
    id: queryId, from: core.state.ensureUser(userId), message,
    chat_instance: String(BigInt(Math.abs(chat.chat.id)) * 7919n + 1234567n), data,
  } as CallbackQuery;
  core.state.callbacks.set(queryId, { query, at: core.now() });
  const update = core.queue.push({ callback_query: query } as Update);
  return { update, queryId, query };
}

function userFile(core: Core, kind: string, file: UserFile) {
  return core.state.storeFile({ bytes: file.bytes, filename: file.filename, mime: file.mime, kind });
}

export function sendDocument(core: Core, userId: number, file: UserFile & { caption?: string }, opts?: UserMessageOptions): UserMessageResult {
  const f = userFile(core, 'document', file);
  const document = { file_id: f.file_id, file_unique_id: f.file_unique_id, file_name: f.filename, mime_type: f.mime, file_size: f.bytes.byteLength };
  return userMessage(core, userId, { kind: 'document', text: file.caption ?? '', entities: detectEntities(file.caption ?? ''), media: { document }, fileId: f.file_id }, opts);
}

export function sendPhoto(core: Core, userId: number, photo: { bytes?: Uint8Array; caption?: string } = {}, opts?: UserMessageOptions): UserMessageResult {
  const f = userFile(core, 'photo', { filename: 'photo.jpg', mime: 'image/jpeg', bytes: photo.bytes ?? PIXEL });
  const size = { file_id: f.file_id, file_unique_id: f.file_unique_id, width: 1280, height: 960, file_size: f.bytes.byteLength };
  return userMessage(core, userId, { kind: 'photo', text: photo.caption ?? '', entities: detectEntities(photo.caption ?? ''), media: { photo: [size] }, fileId: f.file_id }, opts);
}

export function sendVoice(core: Core, userId: number, voice: { duration?: number; bytes?: Uint8Array } = {}, opts?: UserMessageOptions): UserMessageResult {
  const f = userFile(core, 'voice', { filename: 'voice.oga', mime: 'audio/ogg', bytes: voice.bytes ?? Buffer.from('OggS\0voice') });
  const media = { voice: { file_id: f.file_id, file_unique_id: f.file_unique_id, duration: voice.duration ?? 2, mime_type: 'audio/ogg', file_size: f.bytes.byteLength } };
  return userMessage(core, userId, { kind: 'voice', media, fileId: f.file_id }, opts);
}

export function sendSticker(core: Core, userId: number, emoji = '👍', opts?: UserMessageOptions): UserMessageResult {
  const f = userFile(core, 'sticker', { filename: 'sticker.webp', mime: 'image/webp', bytes: Buffer.from('RIFF\0\0\0\0WEBP') });
  const sticker = { file_id: f.file_id, file_unique_id: f.file_unique_id, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji };
  return userMessage(core, userId, { kind: 'sticker', media: { sticker }, fileId: f.file_id }, opts);
}

export function sendLocation(core: Core, userId: number, latitude: number, longitude: number, opts?: UserMessageOptions): UserMessageResult {
  return userMessage(core, userId, { kind: 'location', media: { location: { latitude, longitude } } }, opts);
}

export function sendContactCard(
  core: Core, userId: number, contact: { phone_number: string; first_name: string; last_name?: string; user_id?: number },
  opts?: UserMessageOptions,
): UserMessageResult {
  return userMessage(core, userId, { kind: 'contact', media: { contact } }, opts);
}

/** Create a group (or supergroup) with the given members and the bot in it; emits the bot's my_chat_member. */
export function createGroup(core: Core, opts: { title: string; members: number[]; type?: 'group' | 'supergroup'; id?: number; username?: string }): Chat {
  const rec = core.state.createGroup(opts);
  const from = core.state.ensureUser(opts.members[0] ?? 1);
  core.queue.push({ my_chat_member: myChatMember(core, rec.chat, from, 'left', 'member') } as Update);
  return rec.chat;
}

/** A user joins an existing group: a new_chat_members service message. */
export function joinGroup(core: Core, userId: number, chatId: number): UserMessageResult {
  const chat = core.state.chat(chatId);
  if (!chat || chat.chat.type === 'private') throw new Error(`Group ${chatId} does not exist; create it with emu.createGroup()`);
  const user = core.state.ensureUser(userId);
  return userMessage(core, userId, { kind: 'service', media: { new_chat_members: [user], new_chat_member: user, new_chat_participant: user } }, { chat: chatId });
}
