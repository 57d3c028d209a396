// Bot API protocol details over real loopback HTTP: auth, routing, encodings, getUpdates semantics, shutdown.
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, TOKEN } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('Bot API protocol', () => {
  it('answers 401 Unauthorized for a token it does not accept', async () => {
    h = await harness({ tokens: [TOKEN] });
    const { status, body } = await h.call('getMe', {}, '999:WRONG');
    expect(status).toBe(401);
    expect(body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });

  it('answers 404 Not Found for an unknown method', async () => {
    h = await harness();
    const { status, body } = await h.call('sendHologram', { chat_id: 1 });
    expect(status).toBe(404);
    expect(body).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('returns the configured bot identity from getMe over GET', async () => {
    h = await harness({ bot: { id: 555, username: 'visit_bot', first_name: 'Visit' } });
    const res = await fetch(`${h.apiRoot}/bot${TOKEN}/getMe`);
    const body = (await res.json()) as { ok: boolean; result: Record<string, unknown> };
    expect(body.ok).toBe(true);
    expect(body.result).toMatchObject({ id: 555, is_bot: true, username: 'visit_bot', first_name: 'Visit' });
  });

  it('answers chat not found when sending to a chat no user ever opened', async () => {
    h = await harness();
    const { status, body } = await h.call('sendMessage', { chat_id: 777, text: 'hi' });
    expect(status).toBe(400);
    expect(body.description).toBe('Bad Request: chat not found');
  });

  it('answers message text is empty when text is missing', async () => {
    h = await harness();
    h.emu.sendText(42, 'hello');
    const { body } = await h.call('sendMessage', { chat_id: 42 });
    expect(body.description).toBe('Bad Request: message text is empty');
  });

  it('decodes urlencoded parameters with a JSON-encoded reply_markup', async () => {
    h = await harness();
    h.emu.sendText(42, 'hello');
    const form = new URLSearchParams({
      chat_id: '42',
      text: 'Pick one',
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Agenda', callback_data: 'agenda' }]] }),
    });
    const res = await fetch(`${h.apiRoot}/bot${TOKEN}/sendMessage`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(h.emu.lastBotMessage(42)?.buttons).toEqual([['Agenda']]);
  });

  it('decodes multipart fields whose objects arrive as JSON strings', async () => {
    h = await harness();
    h.emu.sendText(42, 'hello');
    const form = new FormData();
    form.set('chat_id', '42');
    form.set('text', '<i>Welcome</i>');
    form.set('parse_mode', 'HTML');
    form.set('reply_markup', JSON.stringify({ inline_keyboard: [[{ text: 'Site', url: 'https://example.org' }]] }));
    const res = await fetch(`${h.apiRoot}/bot${TOKEN}/sendMessage`, { method: 'POST', body: form });
    const body = (await res.json()) as { result: { text: string; entities: unknown[] } };
    expect(body.result.text).toBe('Welcome');
    expect(body.result.entities).toEqual([{ type: 'italic', offset: 0, length: 7 }]);
    expect(h.emu.lastBotMessage(42)?.buttons).toEqual([['Site']]);
  });

  it('getUpdates with an offset forgets every lower update_id', async () => {
    h = await harness();
    h.emu.sendText(1, 'one');
    h.emu.sendText(1, 'two');
    h.emu.sendText(1, 'three');
    const all = (await h.call('getUpdates')).body.result as Update[];
    expect(all.map((u) => u.message?.text)).toEqual(['one', 'two', 'three']);
    const third = all[2]?.update_id ?? -1;
    const fromThird = (await h.call('getUpdates', { offset: third })).body.result as Update[];
    expect(fromThird.map((u) => u.message?.text)).toEqual(['three']);
    const again = (await h.call('getUpdates')).body.result as Update[];
    expect(again.map((u) => u.update_id)).toEqual([third]);
    expect((await h.call('getUpdates', { offset: third + 1 })).body.result).toEqual([]);
  });

  it('getUpdates honours limit', async () => {
    h = await harness();
    for (const t of ['a', 'b', 'c']) h.emu.sendText(1, t);
    const got = (await h.call('getUpdates', { limit: 2 })).body.result as Update[];
    expect(got.map((u) => u.message?.text)).toEqual(['a', 'b']);
  });

  it('a long poll returns as soon as an update arrives', async () => {
    h = await harness();
    const started = Date.now();
    const poll = h.call('getUpdates', { timeout: 20 });
    setTimeout(() => h.emu.sendText(5, 'wake up'), 150);
    const { body } = await poll;
    expect((body.result as Update[])[0]?.message?.text).toBe('wake up');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('close() releases a pending long poll immediately', async () => {
    h = await harness();
    const started = Date.now();
    const poll = h.call('getUpdates', { timeout: 30 });
    await new Promise((r) => setTimeout(r, 100));
    await h.emu.close();
    const { body } = await poll;
    expect(body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('records every request in the call log with its outcome', async () => {
    h = await harness();
    await h.call('getMe');
    await h.call('sendMessage', { chat_id: 9, text: 'x' });
    expect(h.emu.calls.map((c) => [c.method, c.ok, c.error_code])).toEqual([
      ['getMe', true, undefined],
      ['sendMessage', false, 400],
    ]);
    expect(h.emu.callsOf('sendMessage')[0]?.params).toMatchObject({ chat_id: 9, text: 'x' });
  });

  it('matches method names case-insensitively like Telegram', async () => {
    h = await harness();
    const { body } = await h.call('getme');
    expect(body.ok).toBe(true);
    expect(h.emu.calls[0]?.method).toBe('getMe');
  });
});
