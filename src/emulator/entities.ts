// Formatted text pipeline: parse_mode/entities → visible text + entities, trimming, auto-detected entities, limits.
import type { MessageEntity } from 'grammy/types';
import { EntityParseError, parseHtml, sortEntities } from './html.ts';
import { bad } from './types.ts';

/** Length in UTF-16 code units, the unit of Telegram entity offsets and of the emulator's limits. */
export function utf16Length(text: string): number {
  return text.length;
}

/** Length in UTF-8 bytes (callback_data and similar limits). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

const TRIM_RE = /[ \t\r\n\v\f\u00a0\u2000-\u200b\u2028\u2029\u3000\ufeff]/;

/** Telegram strips leading/trailing whitespace of a message; entities are shifted and clipped accordingly. */
export function trimFormatted(text: string, entities: MessageEntity[]): { text: string; entities: MessageEntity[] } {
  let start = 0;
  let end = text.length;
  while (start < end && TRIM_RE.test(text[start] ?? '')) start++;
  while (end > start && TRIM_RE.test(text[end - 1] ?? '')) end--;
  if (start === 0 && end === text.length) return { text, entities };
  const out: MessageEntity[] = [];
  for (const e of entities) {
    const s = Math.max(e.offset, start);
    const f = Math.min(e.offset + e.length, end);
    if (f > s) out.push({ ...e, offset: s - start, length: f - s });
  }
  return { text: text.slice(start, end), entities: out };
}

const AUTO_PATTERNS: Array<{ type: MessageEntity['type']; re: RegExp }> = [
  { type: 'url', re: /(?<![\w@/.])(?:https?:\/\/|www\.)[^\s<>"']+/giu },
  { type: 'email', re: /(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gu },
  { type: 'bot_command', re: /(?<![\w/@.])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/gu },
  { type: 'mention', re: /(?<![\w@.])@[A-Za-z0-9_]{4,32}(?![\w@])/gu },
  { type: 'hashtag', re: /(?<![\w#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu },
];

const OPAQUE = new Set<string>(['code', 'pre', 'text_link', 'url', 'email', 'text_mention']);

/** Entities Telegram detects on its own in plain text (urls, emails, commands, mentions, hashtags). */
export function detectEntities(text: string, existing: MessageEntity[] = []): MessageEntity[] {
  const taken: Array<[number, number]> = existing.filter((e) => OPAQUE.has(e.type)).map((e) => [e.offset, e.offset + e.length]);
  const found: MessageEntity[] = [];
  for (const { type, re } of AUTO_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let value = m[0];
      if (type === 'url') value = value.replace(/[.,;:!?)\]}]+$/u, '');
      const start = m.index;
      const end = start + value.length;
      if (value.length === 0 || taken.some(([s, f]) => start < f && end > s)) continue;
      taken.push([start, end]);
      found.push({ type, offset: start, length: value.length } as MessageEntity);
    }
  }
  return found;
}

/** Validate an explicit `entities` array (no parse_mode) against the text. */
export function sanitizeEntities(raw: unknown, textLength: number): MessageEntity[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw bad("can't parse entities JSON object");
  const out: MessageEntity[] = [];
  for (const e of raw) {
    if (typeof e !== 'object' || e === null) throw bad("can't parse MessageEntity");
    const { type, offset, length } = e as Record<string, unknown>;
    if (typeof type !== 'string' || !Number.isInteger(offset) || !Number.isInteger(length)) {
      throw bad("can't parse MessageEntity: Field \"type\", \"offset\" and \"length\" must be specified");
    }
    const o = offset as number;
    const l = length as number;
    if (o < 0 || l <= 0 || o >= textLength) continue;
    out.push({ ...(e as object), offset: o, length: Math.min(l, textLength - o) } as MessageEntity);
  }
  return out;
}

export interface FormatInput {
  text: string | undefined;
  parseMode?: string | undefined;
  entities?: unknown;
}

export interface FormatLimits {
  max: number;
  /** Error when the result is empty; undefined means empty is allowed (captions). */
  emptyError?: string;
  tooLongError: string;
  strictAmpersand: boolean;
  autoEntities: boolean;
}

export interface Formatted {
  text: string;
  entities: MessageEntity[];
  /** The text as sent when a parse_mode was used. */
  source?: string;
  parseMode?: string;
}

/** Turn text + parse_mode/entities into what Telegram stores, enforcing Telegram's checks and limits. */
export function formatText(input: FormatInput, limits: FormatLimits): Formatted {
  const source = input.text ?? '';
  const mode = input.parseMode ?? '';
  let text = source;
  let entities: MessageEntity[] = [];
  if (input.entities !== undefined && input.entities !== null && input.entities !== '') {
    entities = sanitizeEntities(input.entities, source.length);
  } else if (mode.toLowerCase() === 'html') {
    try {
      ({ text, entities } = parseHtml(source, { strictAmpersand: limits.strictAmpersand }));
    } catch (e) {
      if (e instanceof EntityParseError) throw bad(`can't parse entities: ${e.message}`);
      throw e;
    }
  } else if (mode !== '' && !['markdown', 'markdownv2'].includes(mode.toLowerCase())) {
    throw bad('unsupported parse_mode');
  }
  ({ text, entities } = trimFormatted(text, entities));
  if (limits.autoEntities) entities = sortEntities([...entities, ...detectEntities(text, entities)]);
  if (text.length === 0 && limits.emptyError) throw bad(limits.emptyError);
  if (utf16Length(text) > limits.max) throw bad(limits.tooLongError);
  const result: Formatted = { text, entities };
  if (mode !== '') {
    result.source = source;
    result.parseMode = mode;
  }
  return result;
}
