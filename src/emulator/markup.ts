// reply_markup validation (inline and reply keyboards) with Telegram's error wording, plus button lookups.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { checkUrl } from './html.ts';
import { utf8Length } from './entities.ts';
import { bad } from './types.ts';
import type { ReplyMarkup } from './types.ts';

const ACTION_FIELDS = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validateInlineButton(b: unknown): InlineKeyboardButton {
  if (!isObject(b)) throw bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof b.text !== 'string') throw bad("can't parse inline keyboard button: Field \"text\" must be of type String");
  if (b.text.trim() === '') throw bad('BUTTON_TEXT_INVALID');
  const present = ACTION_FIELDS.filter((f) => b[f] !== undefined && b[f] !== null);
  if (present.length === 0) throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  if (present.length > 1) throw bad(`can't parse inline keyboard button: Exactly one of the optional fields must be used, found ${present.join(', ')}`);
  if (b.callback_data !== undefined) {
    const data = b.callback_data;
    if (typeof data !== 'string' || utf8Length(data) < 1 || utf8Length(data) > 64) throw bad('BUTTON_DATA_INVALID');
  }
  if (b.url !== undefined) {
    if (typeof b.url !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(b.url) || checkUrl(b.url) === undefined) {
      throw bad('BUTTON_URL_INVALID');
    }
  }
  if (b.web_app !== undefined) {
    const url = isObject(b.web_app) ? b.web_app.url : undefined;
    if (typeof url !== 'string' || !url.startsWith('https://')) throw bad('BUTTON_TYPE_INVALID');
  }
  return b as unknown as InlineKeyboardButton;
}

function validateRows(rows: unknown, field: string, type: string): unknown[][] {
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r))) {
    throw bad(`field "${field}" of the ${type} should be an Array of Arrays`);
  }
  const count = (rows as unknown[][]).reduce((n, r) => n + r.length, 0);
  if (count > 100) throw bad('BUTTONS_TOO_MUCH');
  return rows as unknown[][];
}

/** Validate a decoded reply_markup value; undefined when absent. */
export function parseReplyMarkup(value: unknown): ReplyMarkup | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!isObject(value)) throw bad("can't parse reply keyboard markup JSON object");
  if ('inline_keyboard' in value) {
    const rows = validateRows(value.inline_keyboard, 'inline_keyboard', 'InlineKeyboardMarkup');
    return { inline_keyboard: rows.map((r) => r.map(validateInlineButton)) };
  }
  if ('keyboard' in value) {
    const rows = validateRows(value.keyboard, 'keyboard', 'ReplyKeyboardMarkup');
    for (const r of rows) {
      for (const b of r) {
        const text = typeof b === 'string' ? b : isObject(b) ? b.text : undefined;
        if (typeof text !== 'string') throw bad("can't parse keyboard button: Field \"text\" must be of type String");
      }
    }
    return value as unknown as ReplyMarkup;
  }
  if (value.remove_keyboard === true || value.force_reply === true) return value as unknown as ReplyMarkup;
  throw bad("can't parse reply keyboard markup JSON object");
}

export function isInlineMarkup(m: ReplyMarkup | undefined): m is InlineKeyboardMarkup {
  return m !== undefined && 'inline_keyboard' in m;
}

/** Inline button texts row by row ([] when there is no inline keyboard). */
export function buttonTexts(m: ReplyMarkup | undefined): string[][] {
  return isInlineMarkup(m) ? m.inline_keyboard.map((r) => r.map((b) => b.text)) : [];
}

/** Reply-keyboard button texts row by row. */
export function keyboardTexts(m: ReplyMarkup | undefined): string[][] {
  if (m === undefined || !('keyboard' in m)) return [];
  return m.keyboard.map((r) => r.map((b) => (typeof b === 'string' ? b : b.text)));
}

export function inlineButtons(m: ReplyMarkup | undefined): InlineKeyboardButton[] {
  return isInlineMarkup(m) ? m.inline_keyboard.flat() : [];
}

/** Stable JSON (sorted keys), used to decide "message is not modified". */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
