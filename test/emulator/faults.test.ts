// Fault injection for delivery tests: 429/500, dropped connections, blocked chats, rate limits, reproducibility.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, TOKEN } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

async function start(options?: Parameters<typeof harness>[0]): Promise<Harness> {
  h = await harness(options);
  h.emu.sendText(42, 'hi');
  return h;
}

function sendRaw(text: string, chatId = 42): Promise<Response> {
  return fetch(`${h.apiRoot}/bot${TOKEN}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text }),
  });
}

describe('fault injection', () => {
  it('answers every Nth call with 429 and retry_after', async () => {
    await start({ faults: { tooManyRequests: { everyNth: 2, retryAfter: 7 } } });
    const statuses: number[] = [];
    for (const t of ['a', 'b', 'c', 'd']) statuses.push((await sendRaw(t)).status);
    expect(statuses).toEqual([200, 429, 200, 429]);
    const { body } = await h.call('sendMessage', { chat_id: 42, text: 'e' });
    expect(body).toEqual({ ok: true, result: expect.any(Object) });
    const limited = await (await sendRaw('f')).json();
    expect(limited).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    expect(h.emu.stats.faults.tooManyRequests).toBe(3);
  });

  it('answers 500 Internal Server Error when serverError hits', async () => {
    await start({ faults: { serverError: { probability: 1 } } });
    const res = await sendRaw('x');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ ok: false, error_code: 500, description: 'Internal Server Error' });
    expect(h.emu.botMessages(42)).toEqual([]);
  });

  it('drops the connection without performing the send', async () => {
    await start({ faults: { dropConnection: { probability: 1 } } });
    await expect(sendRaw('lost')).rejects.toThrow();
    expect(h.emu.botMessages(42)).toEqual([]);
    expect(h.emu.stats.faults.dropConnection).toBe(1);
    expect(h.emu.callsOf('sendMessage')[0]).toMatchObject({ ok: false, fault: 'dropConnection' });
  });

  it('drops the connection after performing the send when afterSend is set', async () => {
    await start({ faults: { dropConnection: { probability: 1, afterSend: true } } });
    await expect(sendRaw('sent but unanswered')).rejects.toThrow();
    expect(h.emu.botMessages(42).map((m) => m.text)).toEqual(['sent but unanswered']);
  });

  it('answers 403 for chats listed in faults.blocked and counts it', async () => {
    await start();
    h.emu.faults.blocked = new Set([42]);
    const { status, body } = await h.call('sendMessage', { chat_id: 42, text: 'x' });
    expect([status, body.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
    expect(h.emu.stats.faults.blocked).toBe(1);
  });

  it('limits total sends per second across chats with a sliding window', async () => {
    await start({ faults: { rateLimit: { perSecondTotal: 2 } } });
    h.emu.sendText(43, 'hi');
    const statuses = [];
    for (const chat of [42, 43, 42]) statuses.push((await sendRaw('x', chat)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('limits a group to perMinutePerGroup sends', async () => {
    await start({ faults: { rateLimit: { perMinutePerGroup: 2, retryAfter: 30 } } });
    const group = h.emu.createGroup({ title: 'Delegation', members: [42] });
    const results = [];
    for (const t of ['1', '2', '3']) results.push(await (await sendRaw(t, group.id)).json());
    expect(results[2]).toMatchObject({ error_code: 429, parameters: { retry_after: 30 } });
    expect(h.emu.botMessages(group.id)).toHaveLength(2);
  });

  it('never injects random faults into getUpdates by default', async () => {
    await start({ faults: { serverError: { probability: 1 } } });
    expect((await h.call('getUpdates')).status).toBe(200);
  });

  it('reproduces the same fault pattern from the same seed', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      await start({ seed, faults: { serverError: { probability: 0.5 } } });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await sendRaw(`m${i}`)).status);
      await h.stop();
      return out;
    };
    const a = await pattern(7);
    const b = await pattern(7);
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([200, 500]));
  });
});
