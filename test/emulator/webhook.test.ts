// Webhook mode: updates are POSTed to the bot's URL with the secret header instead of being queued for getUpdates.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';
import type { Harness } from './helpers.ts';

interface Received {
  headers: IncomingHttpHeaders;
  update: Update;
}

let h: Harness;
let hook: Server;
let received: Received[];
let hookUrl: string;
let answer: (update: Update) => { status: number; body?: unknown };

beforeEach(async () => {
  h = await harness({ webhookRetryMs: 50 });
  received = [];
  answer = () => ({ status: 200 });
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
      received.push({ headers: req.headers, update });
      const { status, body } = answer(update);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/telegram`;
});

afterEach(async () => {
  await h.stop();
  await new Promise<void>((r) => hook.close(() => r()));
});

describe('webhook mode', () => {
  it('POSTs a user message to the webhook with the secret token header', async () => {
    expect((await h.call('setWebhook', { url: hookUrl, secret_token: 's3cret_token' })).body.result).toBe(true);
    h.emu.sendText(42, 'hello from Belgrade');
    await h.emu.waitFor(() => received.length === 1);
    expect(received[0]?.headers['x-telegram-bot-api-secret-token']).toBe('s3cret_token');
    expect(received[0]?.update.message?.text).toBe('hello from Belgrade');
  });

  it('refuses getUpdates with 409 Conflict while a webhook is set', async () => {
    await h.call('setWebhook', { url: hookUrl });
    const { status, body } = await h.call('getUpdates');
    expect(status).toBe(409);
    expect(body.description).toBe("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  });

  it('reports the webhook and its pending updates in getWebhookInfo', async () => {
    answer = () => ({ status: 500 });
    await h.call('setWebhook', { url: hookUrl });
    h.emu.sendText(42, 'will fail');
    await h.emu.waitFor(() => received.length >= 2);
    const info = (await h.call('getWebhookInfo')).body.result as Record<string, unknown>;
    expect(info).toMatchObject({ url: hookUrl, pending_update_count: 1 });
    expect(String(info.last_error_message)).toContain('500');
  });

  it('retries a failed delivery until the webhook accepts it', async () => {
    let failures = 2;
    answer = () => (failures-- > 0 ? { status: 502 } : { status: 200 });
    await h.call('setWebhook', { url: hookUrl });
    h.emu.sendText(42, 'persistent');
    expect(await h.emu.webhookDrained()).toBe(true);
    expect(received.map((r) => r.update.message?.text)).toEqual(['persistent', 'persistent', 'persistent']);
  });

  it('performs a method returned in the webhook response body', async () => {
    answer = (u) => ({ status: 200, body: { method: 'sendMessage', chat_id: u.message?.chat.id, text: 'Reply via webhook' } });
    await h.call('setWebhook', { url: hookUrl });
    h.emu.sendText(42, 'hi');
    const [reply] = await h.emu.waitForMessages(42, 1);
    expect(reply?.text).toBe('Reply via webhook');
  });

  it('queues updates for getUpdates again after deleteWebhook', async () => {
    await h.call('setWebhook', { url: hookUrl });
    await h.call('deleteWebhook');
    h.emu.sendText(42, 'polling again');
    const { body } = await h.call('getUpdates');
    expect((body.result as Update[]).map((u) => u.message?.text)).toEqual(['polling again']);
    expect(received).toEqual([]);
  });
});
