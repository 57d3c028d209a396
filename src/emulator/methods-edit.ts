// Bot API methods that change existing messages: edits, deletions, pins and reactions.
import { captionText, messageText, replyMarkup, requireChat, requireMessage, requireMessageId, textFields } from './method-utils.ts';
import { stableJson } from './markup.ts';
import type { Params } from './params.ts';
import { isCaptioned } from './state.ts';
import { bad } from './types.ts';
import type { Core, MethodHandler, ReplyMarkup, StoredMessage } from './types.ts';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

const DAY = 24 * 60 * 60;

function editable(core: Core, p: Params): StoredMessage {
  if (p.has('inline_message_id')) throw bad('MESSAGE_ID_INVALID');
  const chat = requireChat(core, p);
  const m = requireMessage(chat, requireMessageId(p), 'message to edit not found');
  if (!m.fromBot) throw bad("message can't be edited");
  return m;
}

function sameContent(m: StoredMessage, text: string, entities: unknown, markup: ReplyMarkup | undefined): boolean {
  return m.text === text && stableJson(m.entities) === stableJson(entities) && stableJson(m.replyMarkup ?? null) === stableJson(markup ?? null);
}

const editMessageText: MethodHandler = (core, p) => {
  const m = editable(core, p);
  if (m.kind !== 'text') throw bad('there is no text in the message to edit');
  const f = messageText(core, p);
  const markup = replyMarkup(p);
  if (sameContent(m, f.text, f.entities, markup)) throw bad(NOT_MODIFIED);
  return core.state.editMessage(m, { ...textFields(f), replyMarkup: markup }).raw;
};

const editMessageCaption: MethodHandler = (core, p) => {
  const m = editable(core, p);
  if (!isCaptioned(m.kind)) throw bad('there is no caption in the message to edit');
  const f = captionText(core, p);
  const markup = replyMarkup(p);
  if (sameContent(m, f.text, f.entities, markup)) throw bad(NOT_MODIFIED);
  return core.state.editMessage(m, { ...textFields(f), replyMarkup: markup }).raw;
};

const editMessageReplyMarkup: MethodHandler = (core, p) => {
  const m = editable(core, p);
  const markup = replyMarkup(p);
  if (sameContent(m, m.text, m.entities, markup)) throw bad(NOT_MODIFIED);
  return core.state.editMessage(m, { replyMarkup: markup }).raw;
};

const deleteMessage: MethodHandler = (core, p) => {
  const chat = requireChat(core, p);
  const m = requireMessage(chat, requireMessageId(p), 'message to delete not found');
  if (core.state.nowSec() - m.date > 2 * DAY) throw bad("message can't be deleted for everyone");
  core.state.deleteMessage(m);
  return true;
};

const deleteMessages: MethodHandler = (core, p) => {
  const chat = requireChat(core, p);
  const ids = p.json('message_ids', "can't parse message identifiers JSON object");
  if (!Array.isArray(ids) || ids.length === 0) throw bad('message identifiers are not specified');
  if (ids.length > 100) throw bad('too many message identifiers specified');
  let deleted = 0;
  for (const id of ids) {
    const m = typeof id === 'number' ? chat.byId.get(id) : undefined;
    if (m && !m.deleted) {
      core.state.deleteMessage(m);
      deleted++;
    }
  }
  if (deleted === 0) throw bad('message to delete not found');
  return true;
};

const pinChatMessage: MethodHandler = (core, p) => {
  const chat = requireChat(core, p);
  const m = requireMessage(chat, requireMessageId(p), 'message to pin not found');
  core.state.setPinned(chat, m.id, true);
  return true;
};

const unpinChatMessage: MethodHandler = (core, p) => {
  const chat = requireChat(core, p);
  const id = p.int('message_id') ?? chat.pinned.at(-1);
  if (id === undefined) return true;
  requireMessage(chat, id, 'message to unpin not found');
  core.state.setPinned(chat, id, false);
  return true;
};

const unpinAllChatMessages: MethodHandler = (core, p) => {
  const chat = requireChat(core, p);
  core.state.setPinned(chat, undefined, false);
  return true;
};

const setMessageReaction: MethodHandler = (core, p) => {
  const chat = requireChat(core, p);
  const m = requireMessage(chat, requireMessageId(p), 'message to react not found');
  const reaction = p.json('reaction', "can't parse reaction types JSON object");
  if (reaction !== undefined && !Array.isArray(reaction)) throw bad('REACTION_INVALID');
  m.reactions = (reaction as unknown[] | undefined) ?? [];
  core.state.emit('change');
  return true;
};

export const editMethods: Record<string, MethodHandler> = {
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  deleteMessages,
  pinChatMessage,
  unpinChatMessage,
  unpinAllChatMessages,
  setMessageReaction,
};
