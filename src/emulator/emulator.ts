// The Emulator object: wires state, update delivery, faults and the HTTP app; exposes user-side, inspection and wait APIs.
import type { CallbackQuery, Chat, MessageEntity, Update, User } from 'grammy/types';
import { EmulatorEmitter } from './events.ts';
import { FaultInjector } from './faults.ts';
import type { EmulatorStats, FaultConfig } from './faults.ts';
import { findMethod } from './methods.ts';
import { Params } from './params.ts';
import { createApp, startServer } from './server.ts';
import type { EmulatorApp, RunningServer } from './server.ts';
import { State } from './state.ts';
import { ApiError } from './types.ts';
import type {
  CallbackAnswer, CallRecord, Core, EmulatorOptions, ResolvedConfig, StoredFile, StoredMessage,
} from './types.ts';
import { UpdateQueue } from './updates.ts';
import * as users from './users.ts';
import type { CallbackResult, UserFile, UserMessageOptions, UserMessageResult } from './users.ts';
import { describeAll, describeChat, findButtonData, waitUntil } from './waiters.ts';
import type { WaitOptions } from './waiters.ts';

export class Emulator extends EmulatorEmitter implements Core {
  readonly state: State;
  readonly queue: UpdateQueue;
  readonly injector: FaultInjector;
  readonly config: ResolvedConfig;
  /** The Hono app speaking the Bot API (mountable in another server). */
  readonly app: EmulatorApp;
  /** Every Bot API request received, in order. */
  readonly calls: CallRecord[] = [];
  private clock: () => number;
  private server: RunningServer | undefined;

  constructor(options: EmulatorOptions = {}) {
    super();
    this.clock = options.now ?? Date.now;
    const tokenId = options.tokens?.[0] !== undefined ? Number(options.tokens[0].split(':')[0]) : Number.NaN;
    const bot: User = {
      id: options.bot?.id ?? (Number.isSafeInteger(tokenId) ? tokenId : 7000000001),
      is_bot: true,
      first_name: options.bot?.first_name ?? 'Attaché',
      username: options.bot?.username ?? 'attache_test_bot',
    };
    this.config = {
      ...(options.tokens ? { tokens: options.tokens } : {}),
      strictAmpersand: options.strictAmpersand ?? true,
      autoEntities: options.autoEntities ?? true,
      webhookRetryMs: options.webhookRetryMs ?? 1000,
      webhookTimeoutMs: options.webhookTimeoutMs ?? 30_000,
    };
    this.state = new State(bot, () => this.now(), (event, ...args) => this.notify(event, ...args));
    this.queue = new UpdateQueue(options.firstUpdateId ?? 1, {
      retryMs: this.config.webhookRetryMs,
      timeoutMs: this.config.webhookTimeoutMs,
      onEmit: (u) => this.notify('update', u),
      onReply: async (body) => {
        const { method, ...rest } = body;
        await this.dispatch(String(method), new Params(rest));
      },
    });
    this.injector = new FaultInjector(options.faults ?? {}, options.seed ?? 1);
    this.app = createApp(this);
  }

  now(): number {
    return this.clock();
  }

  /** Runtime-settable fault injection configuration. */
  get faults(): FaultConfig {
    return this.injector.config;
  }
  set faults(config: FaultConfig) {
    this.injector.config = config;
  }
  get stats(): EmulatorStats {
    return this.injector.stats;
  }
  /** Restart the fault PRNG from a seed. */
  reseed(seed: number): void {
    this.injector.reseed(seed);
  }

  get bot(): User {
    return this.state.bot;
  }
  get users(): Map<number, User> {
    return this.state.users;
  }
  get apiRoot(): string {
    if (!this.server) throw new Error('The emulator is not listening; call await emu.listen() first');
    return this.server.apiRoot;
  }

  /** Serve the Bot API over HTTP; resolves with the apiRoot to give grammY (`client: { apiRoot }`). */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ apiRoot: string; port: number }> {
    if (this.server) throw new Error('The emulator is already listening');
    this.queue.reopen();
    this.server = await startServer(this.app, port, host, () => this.queue.close());
    return { apiRoot: this.server.apiRoot, port: this.server.port };
  }

  /** Stop serving; pending long polls are answered immediately and webhook delivery stops. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await server.close();
    else this.queue.close();
  }

  isBlocked(chatId: number): boolean {
    return this.state.blocked.has(chatId) || this.injector.blockedByFault(chatId);
  }

  async dispatch(method: string, params: Params): Promise<unknown> {
    const found = findMethod(method);
    const record = (ok: boolean, err?: ApiError): void =>
      this.logCall({ method: found?.name ?? method, params: params.summary(), at: this.now(), ok, ...(err ? { error_code: err.code, description: err.description } : {}) });
    if (!found) {
      const err = new ApiError(404, 'Not Found');
      record(false, err);
      throw err;
    }
    try {
      const result = await found.fn(this, params, {});
      record(true);
      return result;
    } catch (e) {
      record(false, e instanceof ApiError ? e : new ApiError(500, 'Internal Server Error'));
      throw e;
    }
  }

  logCall(record: CallRecord): void {
    this.calls.push(record);
    this.notify('call', record);
  }

  callsOf(method: string): CallRecord[] {
    return this.calls.filter((c) => c.method === method);
  }

  // ── User side ────────────────────────────────────────────────────────────
  /** Register a user; with startedBot the private chat exists before the user writes. */
  addUser(user: Omit<User, 'is_bot'>, opts?: { startedBot?: boolean }): User {
    const u = this.state.addUser(user);
    if (opts?.startedBot) this.state.ensurePrivateChat(u.id);
    return u;
  }
  sendText(userId: number, text: string, opts?: UserMessageOptions & { entities?: MessageEntity[] }): UserMessageResult {
    return users.sendText(this, userId, text, opts);
  }
  editText(userId: number, messageId: number, newText: string, opts?: { chat?: number }): UserMessageResult {
    return users.editText(this, userId, messageId, newText, opts);
  }
  /** Press an inline button by callback_data; rejects unknown data unless opts.force (forged callbacks). */
  clickButton(userId: number, messageId: number, callbackData: string, opts?: { chat?: number; force?: boolean }): CallbackResult {
    return users.clickButton(this, userId, messageId, callbackData, opts);
  }
  /** Press the inline button whose text equals/matches textOrRegex. */
  clickButtonText(userId: number, messageId: number, textOrRegex: string | RegExp, opts?: { chat?: number }): CallbackResult {
    const chatId = opts?.chat ?? userId;
    return users.clickButton(this, userId, messageId, this.findButton(chatId, messageId, textOrRegex), opts);
  }
  sendSticker(userId: number, emoji?: string, opts?: UserMessageOptions): UserMessageResult {
    return users.sendSticker(this, userId, emoji, opts);
  }
  sendPhoto(userId: number, photo?: { bytes?: Uint8Array; caption?: string }, opts?: UserMessageOptions): UserMessageResult {
    return users.sendPhoto(this, userId, photo, opts);
  }
  sendVoice(userId: number, voice?: { duration?: number; bytes?: Uint8Array }, opts?: UserMessageOptions): UserMessageResult {
    return users.sendVoice(this, userId, voice, opts);
  }
  sendLocation(userId: number, latitude: number, longitude: number, opts?: UserMessageOptions): UserMessageResult {
    return users.sendLocation(this, userId, latitude, longitude, opts);
  }
  sendContactCard(userId: number, contact: { phone_number: string; first_name: string; last_name?: string; user_id?: number }, opts?: UserMessageOptions): UserMessageResult {
    return users.sendContactCard(this, userId, contact, opts);
  }
  sendDocument(userId: number, file: UserFile & { caption?: string }, opts?: UserMessageOptions): UserMessageResult {
    return users.sendDocument(this, userId, file, opts);
  }
  blockBot(userId: number): Update {
    return users.blockBot(this, userId);
  }
  unblockBot(userId: number): Update {
    return users.unblockBot(this, userId);
  }
  createGroup(opts: { title: string; members: number[]; type?: 'group' | 'supergroup'; id?: number; username?: string }): Chat {
    return users.createGroup(this, opts);
  }
  joinGroup(userId: number, chatId: number): UserMessageResult {
    return users.joinGroup(this, userId, chatId);
  }
  /** Queue an arbitrary update (fuzzing); update_id is assigned unless keepId. */
  injectUpdate(raw: Record<string, unknown>, opts?: { keepId?: boolean }): Update {
    const query = raw.callback_query as CallbackQuery | undefined;
    if (typeof query?.id === 'string') this.state.callbacks.set(query.id, { query, at: this.now() });
    return this.queue.push(raw as Omit<Update, 'update_id'>, opts?.keepId ?? false);
  }

  // ── Inspection ───────────────────────────────────────────────────────────
  /** Every chat the emulator knows (private chats and groups). */
  chats(): Chat[] {
    return [...this.state.chats.values()].map((c) => c.chat);
  }
  /** All messages of a chat from both sides, including deleted ones (flagged). */
  history(chatId: number): StoredMessage[] {
    return [...(this.state.chat(chatId)?.messages ?? [])];
  }
  /** The bot's messages in a chat that are not deleted. */
  botMessages(chatId: number): StoredMessage[] {
    return this.history(chatId).filter((m) => m.fromBot && !m.deleted);
  }
  lastBotMessage(chatId: number): StoredMessage | undefined {
    return this.botMessages(chatId).at(-1);
  }
  message(chatId: number, messageId: number): StoredMessage | undefined {
    return this.state.message(chatId, messageId);
  }
  pinnedMessage(chatId: number): StoredMessage | undefined {
    const id = this.state.chat(chatId)?.pinned.at(-1);
    return id === undefined ? undefined : this.state.message(chatId, id);
  }
  chatAction(chatId: number): { action: string; at: number } | undefined {
    return this.state.chat(chatId)?.lastAction;
  }
  get callbackAnswers(): CallbackAnswer[] {
    return this.state.callbackAnswers;
  }
  file(fileId: string): StoredFile | undefined {
    return this.state.files.get(fileId);
  }
  /** callback_data of the inline button whose text equals/matches textOrRegex (throws, listing buttons, if none). */
  findButton(chatId: number, messageId: number, textOrRegex: string | RegExp): string {
    const m = this.state.message(chatId, messageId);
    if (!m) throw new Error(`No message #${messageId} in chat ${chatId}.\n${this.describeChat(chatId)}`);
    return findButtonData(m, textOrRegex);
  }
  describeChat(chatId: number): string {
    return describeChat(this.state, this.calls, chatId);
  }

  // ── Waiting ──────────────────────────────────────────────────────────────
  /** Resolve with the predicate's first truthy value, re-evaluated on every change. */
  waitFor<T>(predicate: () => T | undefined | null | false, opts: WaitOptions & { what?: string } = {}): Promise<T> {
    return waitUntil(this, predicate, {
      timeoutMs: opts.timeoutMs ?? 5000,
      what: opts.what ?? 'the predicate',
      describe: () => describeAll(this.state, this.calls),
    });
  }
  /** Resolve with the first `count` bot messages in the chat (with id > after). */
  waitForMessages(chatId: number, count: number, opts: WaitOptions & { after?: number } = {}): Promise<StoredMessage[]> {
    const after = opts.after;
    return waitUntil(this, () => {
      const found = this.botMessages(chatId).filter((m) => after === undefined || m.id > after);
      return found.length >= count ? found.slice(0, count) : undefined;
    }, {
      timeoutMs: opts.timeoutMs ?? 5000,
      what: `${count} bot message(s) in chat ${chatId}${after !== undefined ? ` after #${after}` : ''}`,
      describe: () => this.describeChat(chatId),
    });
  }
  /** The next bot message in the chat after `after` (default: after the last message now in the chat). */
  async waitForMessage(chatId: number, opts: WaitOptions & { after?: number } = {}): Promise<StoredMessage> {
    const after = opts.after ?? this.history(chatId).at(-1)?.id ?? 0;
    const [m] = await this.waitForMessages(chatId, 1, { ...opts, after });
    return m as StoredMessage;
  }
  /** Resolve when answerCallbackQuery was called for the query id. */
  waitForCallbackAnswer(queryId: string, opts: WaitOptions = {}): Promise<CallbackAnswer> {
    return waitUntil(this, () => this.callbackAnswers.find((a) => a.callback_query_id === queryId), {
      timeoutMs: opts.timeoutMs ?? 5000,
      what: `answerCallbackQuery for ${queryId}`,
      describe: () => describeAll(this.state, this.calls),
    });
  }
  /** Wait until the webhook has acknowledged every pending update. */
  webhookDrained(timeoutMs = 5000): Promise<boolean> {
    return this.queue.drained(timeoutMs);
  }
}

/** Create a Telegram Bot API emulator; call `await emu.listen()` to serve it. */
export function createEmulator(options?: EmulatorOptions): Emulator {
  return new Emulator(options);
}
