// Bot API methods about the bot itself: identity, updates/webhooks, commands, menu button, callbacks, files, chats.
import type { BotCommand } from 'grammy/types';
import { requireChat } from './method-utils.ts';
import type { Params } from './params.ts';
import { bad } from './types.ts';
import type { CallbackAnswer, Core, MethodHandler } from './types.ts';

const getMe: MethodHandler = (core) => ({
  ...core.state.bot,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

const getUpdates: MethodHandler = (core, p, extra) => {
  const args: { offset?: number; limit?: number; timeout?: number; signal?: AbortSignal } = {};
  const offset = p.int('offset');
  const limit = p.int('limit');
  const timeout = p.int('timeout');
  if (offset !== undefined) args.offset = offset;
  if (limit !== undefined) args.limit = limit;
  if (timeout !== undefined) args.timeout = timeout;
  if (extra.signal) args.signal = extra.signal;
  return core.queue.getUpdates(args);
};

const setWebhook: MethodHandler = (core, p) => {
  const url = p.str('url') ?? '';
  const drop = p.bool('drop_pending_updates');
  if (url === '') {
    core.queue.deleteWebhook(drop);
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('bad webhook: An HTTPS URL must be provided for webhook');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw bad('bad webhook: An HTTPS URL must be provided for webhook');
  const secret = p.str('secret_token');
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw bad('secret token contains unallowed characters');
  const allowed = p.json('allowed_updates');
  const max = p.int('max_connections');
  core.queue.setWebhook({
    url,
    ...(secret !== undefined ? { secret_token: secret } : {}),
    ...(Array.isArray(allowed) ? { allowed_updates: allowed as string[] } : {}),
    ...(max !== undefined ? { max_connections: max } : {}),
  }, drop);
  return true;
};

const deleteWebhook: MethodHandler = (core, p) => {
  core.queue.deleteWebhook(p.bool('drop_pending_updates'));
  return true;
};

const getWebhookInfo: MethodHandler = (core) => {
  const hook = core.queue.webhook;
  const info: Record<string, unknown> = {
    url: hook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: core.queue.pending.length,
  };
  if (hook) {
    info.max_connections = hook.max_connections ?? 40;
    info.ip_address = '127.0.0.1';
    if (hook.allowed_updates) info.allowed_updates = hook.allowed_updates;
    if (core.queue.lastError) {
      info.last_error_date = core.queue.lastError.date;
      info.last_error_message = core.queue.lastError.message;
    }
  }
  return info;
};

const SCOPES = new Set(['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member']);

/** Commands are stored per scope (type plus chat/user) and language_code, exactly like Telegram. */
function commandsKey(core: Core, p: Params): string {
  const scope = (p.json('scope', "can't parse BotCommandScope JSON object") ?? { type: 'default' }) as Record<string, unknown>;
  const type = typeof scope.type === 'string' ? scope.type : '';
  if (!SCOPES.has(type)) throw bad('wrong parameter scope in request');
  let key = type;
  if (type === 'chat' || type === 'chat_administrators' || type === 'chat_member') {
    const chat = core.state.resolveChat(scope.chat_id);
    if (!chat) throw bad('chat not found');
    key += `:${chat.chat.id}`;
    if (type === 'chat_member') key += `:${String(scope.user_id)}`;
  }
  const lang = p.str('language_code') ?? '';
  if (lang !== '' && !/^[a-z]{2}$/.test(lang)) throw bad('invalid language code specified');
  return `${key}|${lang}`;
}

const setMyCommands: MethodHandler = (core, p) => {
  const commands = p.json('commands', "can't parse commands JSON object");
  if (!Array.isArray(commands)) throw bad('commands must be an array');
  if (commands.length > 100) throw bad('too many commands specified');
  const clean: BotCommand[] = commands.map((c: unknown) => {
    const { command, description } = (c ?? {}) as Record<string, unknown>;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command.replace(/^\//, ''))) throw bad('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim().length === 0 || description.length > 256) {
      throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command: command.replace(/^\//, ''), description };
  });
  const key = commandsKey(core, p);
  if (clean.length === 0) core.state.commands.delete(key);
  else core.state.commands.set(key, clean);
  return true;
};

const getMyCommands: MethodHandler = (core, p) => core.state.commands.get(commandsKey(core, p)) ?? [];

const deleteMyCommands: MethodHandler = (core, p) => {
  core.state.commands.delete(commandsKey(core, p));
  return true;
};

const setChatMenuButton: MethodHandler = (core, p) => {
  const chat = p.has('chat_id') ? requireChat(core, p) : undefined;
  const button = p.json('menu_button', "can't parse menu button JSON object") ?? { type: 'default' };
  core.state.menuButtons.set(chat ? String(chat.chat.id) : 'default', button);
  return true;
};

const getChatMenuButton: MethodHandler = (core, p) => {
  const chat = p.has('chat_id') ? requireChat(core, p) : undefined;
  return core.state.menuButtons.get(chat ? String(chat.chat.id) : 'default') ?? core.state.menuButtons.get('default') ?? { type: 'commands' };
};

const answerCallbackQuery: MethodHandler = (core, p) => {
  const id = p.str('callback_query_id') ?? '';
  const known = core.state.callbacks.get(id);
  if (!known) throw bad('query is too old and response timeout expired or query ID is invalid');
  const text = p.str('text');
  if (text !== undefined && text.length > 200) throw bad('MESSAGE_TOO_LONG');
  const answer: CallbackAnswer = { callback_query_id: id, at: core.now(), query: known.query };
  if (text !== undefined) answer.text = text;
  if (p.has('show_alert')) answer.show_alert = p.bool('show_alert');
  const url = p.str('url');
  if (url !== undefined) answer.url = url;
  const cache = p.int('cache_time');
  if (cache !== undefined) answer.cache_time = cache;
  core.state.callbackAnswers.push(answer);
  core.state.emit('callbackAnswer', answer);
  return true;
};

const getFile: MethodHandler = (core, p) => {
  const f = core.state.files.get(p.str('file_id') ?? '');
  if (!f) throw bad('invalid file_id');
  if (f.bytes.byteLength > 20 * 1024 * 1024) throw bad('file is too big');
  return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.bytes.byteLength, file_path: f.file_path };
};

const getChat: MethodHandler = (core, p) => {
  const rec = requireChat(core, p);
  const full: Record<string, unknown> = { ...rec.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
  const pinned = rec.pinned.at(-1);
  const msg = pinned !== undefined ? rec.byId.get(pinned) : undefined;
  if (msg) full.pinned_message = msg.raw;
  return full;
};

const getChatMember: MethodHandler = (core, p) => {
  const rec = requireChat(core, p);
  const userId = p.int('user_id');
  if (userId === core.state.bot.id) return { status: rec.chat.type === 'private' ? 'member' : 'administrator', user: core.state.bot };
  const user = userId !== undefined ? core.state.users.get(userId) : undefined;
  if (!user) throw bad('user not found');
  return { status: rec.members.has(user.id) ? 'member' : 'left', user };
};

const ok: MethodHandler = () => true;

export const botMethods: Record<string, MethodHandler> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  logOut: ok,
  close: ok,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setChatMenuButton,
  getChatMenuButton,
  answerCallbackQuery,
  getFile,
  getChat,
  getChatMember,
  setMyDescription: ok,
  setMyShortDescription: ok,
  setMyName: ok,
  setMyDefaultAdministratorRights: ok,
  getMyDescription: () => ({ description: '' }),
  getMyShortDescription: () => ({ short_description: '' }),
  getMyName: (core) => ({ name: core.state.bot.first_name }),
};
