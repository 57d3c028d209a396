// Public entry of the Telegram Bot API emulator used by end-to-end tests and the web chat UI.
export { createEmulator, Emulator } from './emulator.ts';
export { ApiError } from './types.ts';
export type {
  BotIdentity, CallbackAnswer, CallRecord, ChatActionEvent, ChatRecord, EmulatorEvents, EmulatorOptions, MessageKind,
  PinEvent, ReplyMarkup, StoredFile, StoredMessage,
} from './types.ts';
export type { EmulatorStats, FaultConfig, FaultKind } from './faults.ts';
export { EntityParseError, escapeHtml, parseHtml } from './html.ts';
export type { ParsedText } from './html.ts';
export { detectEntities, formatText, utf16Length, utf8Length } from './entities.ts';
export type { CallbackResult, UserFile, UserMessageOptions, UserMessageResult } from './users.ts';
export type { EmulatorApp } from './server.ts';
export type { WaitOptions } from './waiters.ts';
