// Shared types of the Bot API emulator: options, stored records, events, the API error and the core contract.
import type {
  CallbackQuery,
  Chat,
  ForceReply,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  ResponseParameters,
  Update,
  User,
} from 'grammy/types';
import type { FaultConfig, FaultInjector, FaultKind } from './faults.ts';
import type { Params } from './params.ts';
import type { State } from './state.ts';
import type { UpdateQueue } from './updates.ts';

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export type MessageKind =
  | 'text' | 'photo' | 'document' | 'audio' | 'video' | 'voice' | 'animation' | 'sticker'
  | 'venue' | 'contact' | 'location' | 'service';

/** A file the emulator holds (uploaded by the bot or by a user); downloadable via /file/bot<token>/<path>. */
export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  filename: string;
  mime: string;
  bytes: Uint8Array;
  url?: string;
}

/** One message of a chat's history, from either side, in a form convenient for assertions and UIs. */
export interface StoredMessage {
  chatId: number;
  id: number;
  fromBot: boolean;
  from: User;
  date: number;
  kind: MessageKind;
  /** Visible text (or caption) with HTML removed and entities decoded. */
  text: string;
  entities: MessageEntity[];
  /** The text/caption exactly as the bot sent it (e.g. with HTML tags), when it came from the bot. */
  html?: string;
  parseMode?: string;
  replyMarkup?: ReplyMarkup;
  /** Texts of the inline keyboard buttons, row by row. */
  buttons: string[][];
  replyToMessageId?: number;
  /** Telegram media fields of this message (document, photo, venue, location, contact, sticker, ...). */
  media: Record<string, unknown>;
  fileId?: string;
  edited: boolean;
  editDate?: number;
  deleted: boolean;
  reactions?: unknown[];
  /** The Telegram-shaped Message object, kept current on edits. */
  raw: Message;
}

export interface ChatRecord {
  chat: Chat;
  messages: StoredMessage[];
  byId: Map<number, StoredMessage>;
  nextId: number;
  pinned: number[];
  members: Set<number>;
  lastAction?: { action: string; at: number };
}

export interface CallRecord {
  method: string;
  params: Record<string, unknown>;
  at: number;
  ok: boolean;
  error_code?: number;
  description?: string;
  fault?: FaultKind;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
  query?: CallbackQuery;
}

export interface BotIdentity {
  id: number;
  username: string;
  first_name: string;
}

export interface EmulatorOptions {
  /** Accepted bot tokens; by default any token of the form `\d+:[A-Za-z0-9_-]+`. */
  tokens?: string[];
  /** Identity returned by getMe. */
  bot?: Partial<BotIdentity>;
  /** Seed of the PRNG used by probabilistic faults (default 1). */
  seed?: number;
  faults?: FaultConfig;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  /** Reject a bare `&` that starts no valid entity (Telegram itself keeps it literally). Default true. */
  strictAmpersand?: boolean;
  /** Detect url/mention/hashtag/bot_command/email entities in plain text like Telegram does. Default true. */
  autoEntities?: boolean;
  /** Pause between webhook delivery retries after a failure (default 1000 ms). */
  webhookRetryMs?: number;
  /** Abort a webhook POST after this long (default 30000 ms). */
  webhookTimeoutMs?: number;
  /** First update_id handed out (default 1). */
  firstUpdateId?: number;
}

export interface ResolvedConfig {
  tokens?: string[];
  strictAmpersand: boolean;
  autoEntities: boolean;
  webhookRetryMs: number;
  webhookTimeoutMs: number;
}

export interface PinEvent { chatId: number; messageId: number | undefined; pinned: boolean }
export interface ChatActionEvent { chatId: number; action: string; at: number }

export interface EmulatorEvents {
  message: [StoredMessage];
  edit: [StoredMessage];
  delete: [StoredMessage];
  pin: [PinEvent];
  callbackAnswer: [CallbackAnswer];
  chatAction: [ChatActionEvent];
  update: [Update];
  call: [CallRecord];
  /** Anything observable changed (used by the waiting helpers). */
  change: [];
}

export type EventName = keyof EmulatorEvents;

/** A Bot API error answer: `{ ok: false, error_code, description, parameters? }`. */
export class ApiError extends Error {
  code: number;
  description: string;
  parameters: ResponseParameters | undefined;
  constructor(code: number, description: string, parameters?: ResponseParameters) {
    super(description);
    this.code = code;
    this.description = description;
    this.parameters = parameters;
  }
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { ok: false, error_code: this.code, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

/** 400 Bad Request with Telegram's "Bad Request: " prefix. */
export function bad(description: string): ApiError {
  return new ApiError(400, `Bad Request: ${description}`);
}

/** What method implementations and the server need from the emulator. */
export interface Core {
  readonly state: State;
  readonly queue: UpdateQueue;
  readonly injector: FaultInjector;
  readonly config: ResolvedConfig;
  now(): number;
  /** True when sending to this chat must fail with 403 (blocked by the user or by fault injection). */
  isBlocked(chatId: number): boolean;
  /** Perform a method without HTTP (used for webhook replies). */
  dispatch(method: string, params: Params): Promise<unknown>;
  logCall(record: CallRecord): void;
  /** Queue events until releaseEvents() (nestable), so a request's effects and its call log appear together. */
  holdEvents(): void;
  releaseEvents(): void;
}

export interface MethodExtra {
  signal?: AbortSignal;
}

export type MethodHandler = (core: Core, p: Params, extra: MethodExtra) => unknown;
