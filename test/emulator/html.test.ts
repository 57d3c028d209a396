// Telegram HTML parse mode: strict validation through sendMessage, entity computation, limits after parsing.
import fc from 'fast-check';
import { GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escapeHtml, parseHtml } from '../../src/emulator/index.ts';
import { harness } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  h.emu.sendText(42, 'hi');
});
afterEach(async () => {
  await h.stop();
});

async function sendHtml(text: string): Promise<unknown> {
  return h.apiBot().api.sendMessage(42, text, { parse_mode: 'HTML' });
}

async function rejection(text: string): Promise<GrammyError> {
  const err = await sendHtml(text).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GrammyError);
  return err as GrammyError;
}

describe('HTML parse mode over sendMessage', () => {
  it('rejects an unclosed tag and stores nothing', async () => {
    const err = await rejection('<b>Agenda');
    expect(err.error_code).toBe(400);
    expect(err.description).toBe('Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    expect(h.emu.botMessages(42)).toEqual([]);
  });

  it('rejects improperly nested tags', async () => {
    const err = await rejection('<b><i>x</b></i>');
    expect(err.description).toMatch(/^Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "<\/i>", found "<\/b>"/);
    expect(h.emu.botMessages(42)).toEqual([]);
  });

  it('rejects an unknown tag with its byte offset', async () => {
    const err = await rejection('Привет <br> мир');
    expect(err.description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 13');
    expect(h.emu.botMessages(42)).toEqual([]);
  });

  it('rejects a bare less-than sign', async () => {
    const err = await rejection('price < 5');
    expect(err.description).toMatch(/^Bad Request: can't parse entities: Unsupported start tag "" at byte offset 6/);
    expect(h.emu.botMessages(42)).toEqual([]);
  });

  it('rejects a bare ampersand that starts no entity', async () => {
    const err = await rejection('Tom & Jerry');
    expect(err.description).toMatch(/^Bad Request: can't parse entities: Unsupported HTML entity at byte offset 4/);
    expect(h.emu.botMessages(42)).toEqual([]);
  });

  it('accepts escaped text and decodes named and numeric entities', async () => {
    await sendHtml('a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &#169; &#x1F600;');
    expect(h.emu.lastBotMessage(42)?.text).toBe('a < b && c > d "q" © 😀');
  });

  it('stores the original HTML next to the plain text', async () => {
    await sendHtml('<b>Day 1</b>: arrival');
    const m = h.emu.lastBotMessage(42);
    expect(m?.html).toBe('<b>Day 1</b>: arrival');
    expect(m?.text).toBe('Day 1: arrival');
    expect(m?.parseMode).toBe('HTML');
  });

  it('computes every formatting entity with UTF-16 offsets', async () => {
    const html = '😀 <b>b</b><i>i</i><u>u</u><s>s</s><tg-spoiler>p</tg-spoiler><code>c</code>'
      + '<pre><code class="language-ts">x</code></pre><a href="https://example.org/x">l</a><blockquote expandable>q</blockquote>';
    const result = (await sendHtml(html)) as { text: string; entities: unknown[] };
    expect(result.text).toBe('😀 biuspcxlq');
    expect(result.entities).toEqual([
      { type: 'bold', offset: 3, length: 1 },
      { type: 'italic', offset: 4, length: 1 },
      { type: 'underline', offset: 5, length: 1 },
      { type: 'strikethrough', offset: 6, length: 1 },
      { type: 'spoiler', offset: 7, length: 1 },
      { type: 'code', offset: 8, length: 1 },
      { type: 'pre', offset: 9, length: 1, language: 'ts' },
      { type: 'text_link', offset: 10, length: 1, url: 'https://example.org/x' },
      { type: 'expandable_blockquote', offset: 11, length: 1 },
    ]);
  });

  it('accepts 4096 visible characters wrapped in tags', async () => {
    await sendHtml(`<b>${'a'.repeat(4090)}</b>&amp;&lt;&gt;&#65;bc`);
    expect(h.emu.lastBotMessage(42)?.text.length).toBe(4096);
  });

  it('rejects 4097 visible characters as too long', async () => {
    const err = await rejection(`<b>${'a'.repeat(4097)}</b>`);
    expect(err.description).toBe('Bad Request: message is too long');
    expect(h.emu.botMessages(42)).toEqual([]);
  });

  it('rejects text that is empty after parsing and trimming', async () => {
    const err = await rejection('<b>  </b>');
    expect(err.description).toBe('Bad Request: message text is empty');
  });
});

describe('parseHtml', () => {
  it('rejects span without the tg-spoiler class', () => {
    expect(() => parseHtml('<span class="x">a</span>')).toThrow('Tag "span" must have class "tg-spoiler" at byte offset 0');
  });

  it('keeps a bare ampersand when strictAmpersand is off, as Telegram does', () => {
    expect(parseHtml('AT&T', { strictAmpersand: false }).text).toBe('AT&T');
  });

  it('turns tg://user links into text mentions', () => {
    expect(parseHtml('<a href="tg://user?id=7">Ana</a>').entities).toEqual([
      { type: 'text_mention', offset: 0, length: 3, user: { id: 7, is_bot: false, first_name: '' } },
    ]);
  });

  it('round-trips any escaped text inside a tag with one entity spanning it in UTF-16 units', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (text) => {
      const parsed = parseHtml(`<u>${escapeHtml(text)}</u>`);
      expect(parsed.text).toBe(text);
      expect(parsed.entities).toEqual([{ type: 'underline', offset: 0, length: text.length }]);
    }));
  });
});
