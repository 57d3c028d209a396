// Helpers shared by Bot API method implementations: chat resolution, blocking, formatted text, replies, markup.
import { formatText } from './entities.ts';
import type { Formatted } from './entities.ts';
import { parseReplyMarkup } from './markup.ts';
import type { Params } from './params.ts';
import { ApiError, bad } from './types.ts';
import type { ChatRecord, Core, ReplyMarkup, StoredMessage } from './types.ts';

/** The chat a method addresses via chat_id; 400 when missing or unknown. */
export function requireChat(core: Core, p: Params, key = 'chat_id'): ChatRecord {
  const raw = p.raw[key];
  if (raw === undefined || raw === null || raw === '') throw bad(`${key} is empty`);
  const chat = core.state.resolveChat(raw);
  if (!chat) throw bad('chat not found');
  return chat;
}

/** Like requireChat, but also 403 when the user blocked the bot (or a blocked fault is configured). */
export function sendableChat(core: Core, p: Params): ChatRecord {
  const chat = requireChat(core, p);
  if (core.isBlocked(chat.chat.id)) {
    throw new ApiError(403, chat.chat.type === 'private' ? 'Forbidden: bot was blocked by the user' : 'Forbidden: bot was kicked from the group chat');
  }
  return chat;
}

export function requireMessageId(p: Params, key = 'message_id'): number {
  const id = p.int(key);
  if (id === undefined) throw bad('message identifier is not specified');
  return id;
}

/** An existing, not deleted message of the chat, or 400 with the given description. */
export function requireMessage(chat: ChatRecord, id: number, notFound: string): StoredMessage {
  const m = chat.byId.get(id);
  if (!m || m.deleted) throw bad(notFound);
  return m;
}

export function messageText(core: Core, p: Params, field = 'text'): Formatted {
  return formatText(
    { text: p.str(field), parseMode: p.str('parse_mode'), entities: p.json('entities') },
    {
      max: 4096,
      emptyError: 'message text is empty',
      tooLongError: 'message is too long',
      strictAmpersand: core.config.strictAmpersand,
      autoEntities: core.config.autoEntities,
    },
  );
}

export function captionText(core: Core, p: Params): Formatted {
  return formatText(
    { text: p.str('caption'), parseMode: p.str('parse_mode'), entities: p.json('caption_entities') },
    {
      max: 1024,
      tooLongError: 'message caption is too long',
      strictAmpersand: core.config.strictAmpersand,
      autoEntities: core.config.autoEntities,
    },
  );
}

export function replyMarkup(p: Params): ReplyMarkup | undefined {
  return parseReplyMarkup(p.json('reply_markup', "can't parse reply keyboard markup JSON object"));
}

/** reply_parameters / reply_to_message_id → the replied message id (400 when it does not exist). */
export function replyTarget(chat: ChatRecord, p: Params): number | undefined {
  const params = p.json('reply_parameters', "can't parse reply parameters JSON object") as
    | { message_id?: unknown; allow_sending_without_reply?: unknown }
    | undefined;
  const id = typeof params?.message_id === 'number' ? params.message_id : p.int('reply_to_message_id');
  if (id === undefined) return undefined;
  const allow = params?.allow_sending_without_reply === true || p.bool('allow_sending_without_reply');
  const m = chat.byId.get(id);
  if (!m || m.deleted) {
    if (allow) return undefined;
    throw bad('message to be replied not found');
  }
  return id;
}

/** Fields of a formatted text ready for State.addMessage / editMessage. */
export function textFields(f: Formatted): { text: string; entities: Formatted['entities']; html: string | undefined; parseMode: string | undefined } {
  return { text: f.text, entities: f.entities, html: f.source, parseMode: f.parseMode };
}

export function numberOrBad(p: Params, key: string, description: string): number {
  const v = p.num(key);
  if (v === undefined) throw bad(description);
  return v;
}

export function stringOrBad(p: Params, key: string, description: string): string {
  const v = p.str(key);
  if (v === undefined || v.trim() === '') throw bad(description);
  return v;
}
