// Telegram HTML parse mode: strict validation (tags, nesting, entities) and MessageEntity computation in UTF-16 units.
import type { MessageEntity } from 'grammy/types';

/** Thrown for HTML Telegram would refuse; the message becomes "Bad Request: can't parse entities: <message>". */
export class EntityParseError extends Error {}

export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

export interface HtmlOptions {
  /** Reject a `&` that starts no valid entity (Telegram keeps it literally). Default true. */
  strictAmpersand?: boolean;
}

const TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler',
  'a', 'code', 'pre', 'blockquote', 'tg-emoji',
]);

interface Open {
  name: string;
  arg: string;
  offset: number;
  expandable: boolean;
}

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

const ENTITY_RE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));/y;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Decode the character entity starting at `i` (which holds '&'), or undefined when there is none. */
function decodeEntity(s: string, i: number): { ch: string; next: number } | undefined {
  ENTITY_RE.lastIndex = i;
  const m = ENTITY_RE.exec(s);
  if (!m) return undefined;
  const next = i + m[0].length;
  if (m[3] !== undefined) return { ch: NAMED[m[3]] ?? '', next };
  const code = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2] ?? '', 16);
  if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { ch: String.fromCodePoint(code), next };
}

/** Normalize a link the way Telegram does, or return undefined when Telegram would drop the entity. */
export function checkUrl(url: string): string | undefined {
  const raw = url.trim();
  if (raw === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`;
  try {
    const u = new URL(withScheme);
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      return u.hostname.includes('.') || u.hostname === 'localhost' ? u.href : undefined;
    }
    return ['tg:', 'ton:', 'mailto:', 'tel:'].includes(u.protocol) ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** Parse Telegram-flavoured HTML; throws EntityParseError with Telegram's wording on invalid input. */
export function parseHtml(html: string, options: HtmlOptions = {}): ParsedText {
  const strict = options.strictAmpersand ?? true;
  const byteAt = (i: number): number => Buffer.byteLength(html.slice(0, i), 'utf8');
  const fail = (msg: string): never => {
    throw new EntityParseError(msg);
  };
  const n = html.length;
  let out = '';
  const stack: Open[] = [];
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < n) {
    const c = html[i];
    if (c === '&') {
      const d = decodeEntity(html, i);
      if (d) {
        out += d.ch;
        i = d.next;
      } else if (strict) {
        fail(`Unsupported HTML entity at byte offset ${byteAt(i)}; use &amp; for a literal "&"`);
      } else {
        out += '&';
        i++;
      }
      continue;
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    if (html[i + 1] === '/') {
      // End tag
      let j = i + 2;
      while (j < n && !isSpace(html[j]) && html[j] !== '>') j++;
      const name = html.slice(i + 2, j).toLowerCase();
      while (j < n && isSpace(html[j])) j++;
      if (html[j] !== '>') fail(`Unclosed end tag at byte offset ${byteAt(begin)}`);
      const top = stack.pop();
      if (!top) return fail(`Unexpected end tag at byte offset ${byteAt(begin)}`);
      if (name !== '' && name !== top.name) {
        fail(`Unmatched end tag at byte offset ${byteAt(begin)}, expected "</${top.name}>", found "</${name}>"`);
      }
      closeEntity(top, out, entities, fail);
      i = j + 1;
      continue;
    }
    // Start tag
    let j = i + 1;
    while (j < n && !isSpace(html[j]) && html[j] !== '>') j++;
    if (j >= n) fail(`Unclosed start tag at byte offset ${byteAt(begin)}`);
    const name = html.slice(i + 1, j).toLowerCase();
    if (!TAGS.has(name)) fail(`Unsupported start tag "${name}" at byte offset ${byteAt(begin)}`);
    const attrs = new Map<string, string>();
    while (j < n && html[j] !== '>') {
      while (j < n && isSpace(html[j])) j++;
      if (j >= n || html[j] === '>') break;
      const a0 = j;
      while (j < n && !isSpace(html[j]) && html[j] !== '=' && html[j] !== '>') j++;
      const attr = html.slice(a0, j).toLowerCase();
      if (attr === '') fail(`Empty attribute name in the tag "${name}" at byte offset ${byteAt(begin)}`);
      while (j < n && isSpace(html[j])) j++;
      if (html[j] !== '=') {
        if (name === 'blockquote' && attr === 'expandable') {
          attrs.set(attr, '');
          continue;
        }
        fail(`Expected equal sign in declaration of an attribute of the tag "${name}" at byte offset ${byteAt(begin)}`);
      }
      j++;
      while (j < n && isSpace(html[j])) j++;
      if (j >= n) fail(`Unclosed start tag "${name}" at byte offset ${byteAt(begin)}`);
      let value = '';
      const q = html[j];
      if (q !== '"' && q !== "'") {
        const v0 = j;
        while (j < n && /[A-Za-z0-9.-]/.test(html[j] ?? '')) j++;
        value = html.slice(v0, j).toLowerCase();
        if (j < n && !isSpace(html[j]) && html[j] !== '>') fail(`Unexpected end of name token at byte offset ${byteAt(v0)}`);
      } else {
        j++;
        while (j < n && html[j] !== q) {
          const d = html[j] === '&' ? decodeEntity(html, j) : undefined;
          if (d) {
            value += d.ch;
            j = d.next;
          } else {
            value += html[j];
            j++;
          }
        }
        if (j < n) j++;
      }
      if (j >= n) fail(`Unclosed start tag at byte offset ${byteAt(begin)}`);
      attrs.set(attr, value);
    }
    if (j >= n) fail(`Unclosed start tag at byte offset ${byteAt(begin)}`);
    let arg = '';
    if (name === 'a') arg = attrs.get('href') ?? '';
    if (name === 'code') {
      const cls = attrs.get('class') ?? '';
      if (cls.startsWith('language-')) arg = cls.slice('language-'.length);
    }
    if (name === 'tg-emoji') arg = attrs.get('emoji-id') ?? '';
    if (name === 'span' && attrs.get('class') !== 'tg-spoiler') {
      fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteAt(begin)}`);
    }
    stack.push({ name, arg, offset: out.length, expandable: attrs.has('expandable') });
    i = j + 1;
  }
  const open = stack.at(-1);
  if (open) fail(`Can't find end tag corresponding to start tag "${open.name}"`);
  return { text: out, entities: dropNestedInCode(sortEntities(entities)) };
}

function closeEntity(top: Open, out: string, entities: MessageEntity[], fail: (m: string) => never): void {
  const offset = top.offset;
  const length = out.length - offset;
  if (length <= 0) return;
  const push = (e: Record<string, unknown>): void => {
    entities.push({ offset, length, ...e } as unknown as MessageEntity);
  };
  switch (top.name) {
    case 'b': case 'strong': return push({ type: 'bold' });
    case 'i': case 'em': return push({ type: 'italic' });
    case 'u': case 'ins': return push({ type: 'underline' });
    case 's': case 'strike': case 'del': return push({ type: 'strikethrough' });
    case 'tg-spoiler': case 'span': return push({ type: 'spoiler' });
    case 'blockquote': return push({ type: top.expandable ? 'expandable_blockquote' : 'blockquote' });
    case 'code': return push(top.arg ? { type: 'code', _language: top.arg } : { type: 'code' });
    case 'tg-emoji': {
      if (!/^[1-9][0-9]*$/.test(top.arg)) fail('Invalid custom emoji identifier specified');
      return push({ type: 'custom_emoji', custom_emoji_id: top.arg });
    }
    case 'pre': {
      const last = entities.at(-1) as (MessageEntity & { _language?: string }) | undefined;
      if (last && last.type === 'code' && last.offset === offset && last.length === length) {
        entities.pop();
        return push(last._language ? { type: 'pre', language: last._language } : { type: 'pre' });
      }
      return push({ type: 'pre' });
    }
    case 'a': {
      const target = top.arg === '' ? out.slice(offset) : top.arg;
      const mention = /^tg:\/\/user\?id=(\d+)$/i.exec(target);
      if (mention) return push({ type: 'text_mention', user: { id: Number(mention[1]), is_bot: false, first_name: '' } });
      const url = checkUrl(target);
      if (url !== undefined) push({ type: 'text_link', url });
      return;
    }
  }
}

/** Sort like Telegram: by offset, outer (longer) entities first. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities
    .map((e, idx) => ({ e, idx }))
    .sort((a, b) => a.e.offset - b.e.offset || b.e.length - a.e.length || a.idx - b.idx)
    .map(({ e }) => e);
}

/** Telegram allows no formatting inside code/pre; also strips the internal language marker from code. */
function dropNestedInCode(entities: MessageEntity[]): MessageEntity[] {
  const blocks = entities.filter((e) => e.type === 'code' || e.type === 'pre');
  return entities
    .filter((e) => !blocks.some((b) => b !== e && e.offset >= b.offset && e.offset + e.length <= b.offset + b.length
      && (e.offset !== b.offset || e.length !== b.length)))
    .map((e) => {
      if (!('_language' in e)) return e;
      const { _language: _drop, ...rest } = e as MessageEntity & { _language?: string };
      return rest as MessageEntity;
    });
}

/** Escape text for Telegram HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
