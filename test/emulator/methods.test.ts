// Remaining Bot API methods and keyboard validation, driven through grammY's API client and raw HTTP.
import { serve } from '@hono/node-server';
import { Bot, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, TOKEN } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  h.emu.sendText(42, 'hi');
});
afterEach(async () => {
  await h.stop();
});

async function failure(p: Promise<unknown>): Promise<GrammyError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GrammyError);
  return err as GrammyError;
}

describe('more Bot API methods', () => {
  it('sends a venue that carries both venue and location', async () => {
    const m = await h.apiBot().api.sendVenue(42, 44.8176, 20.4569, 'Palace of Serbia', 'Bulevar Mihajla Pupina 2');
    expect(m.venue).toEqual({ location: { latitude: 44.8176, longitude: 20.4569 }, title: 'Palace of Serbia', address: 'Bulevar Mihajla Pupina 2' });
    expect(m.location).toEqual({ latitude: 44.8176, longitude: 20.4569 });
    expect(h.emu.lastBotMessage(42)?.kind).toBe('venue');
  });

  it('sends a contact card', async () => {
    const m = await h.apiBot().api.sendContact(42, '+381 11 3061 000', 'Protocol office');
    expect(m.contact).toEqual({ phone_number: '+381 11 3061 000', first_name: 'Protocol office' });
  });

  it('uploads a photo and serves it back through getFile', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const api = h.apiBot().api;
    const m = await api.sendPhoto(42, new InputFile(bytes, 'map.png'), { caption: '<b>Map</b>', parse_mode: 'HTML' });
    expect(m.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 3 }]);
    const largest = m.photo.at(-1);
    const file = await api.getFile(largest?.file_id ?? '');
    const res = await fetch(`${h.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });

  it('rejects a caption over 1024 characters', async () => {
    const err = await failure(h.apiBot().api.sendDocument(42, new InputFile(Buffer.from('x'), 'a.txt'), { caption: 'c'.repeat(1025) }));
    expect(err.description).toBe('Bad Request: message caption is too long');
  });

  it('copies a user message into another chat as a new bot message', async () => {
    h.emu.sendText(43, 'hello');
    const { message_id } = await h.apiBot().api.copyMessage(43, 42, 1);
    expect(h.emu.message(43, message_id)).toMatchObject({ fromBot: true, text: 'hi' });
  });

  it('forwards a message with its origin', async () => {
    h.emu.sendText(43, 'hello');
    const m = await h.apiBot().api.forwardMessage(43, 42, 1);
    expect(m.forward_origin).toMatchObject({ type: 'user', sender_user: { id: 42 } });
    expect(m.text).toBe('hi');
  });

  it('replaces only the inline keyboard with editMessageReplyMarkup', async () => {
    const api = h.apiBot().api;
    const sent = await api.sendMessage(42, 'RSVP', { reply_markup: new InlineKeyboard().text('Yes', 'y') });
    await api.editMessageReplyMarkup(42, sent.message_id, { reply_markup: new InlineKeyboard().text('Confirmed ✓', 'noop') });
    expect(h.emu.message(42, sent.message_id)).toMatchObject({ text: 'RSVP', buttons: [['Confirmed ✓']], edited: true });
  });

  it('deletes several messages with deleteMessages', async () => {
    const api = h.apiBot().api;
    const a = await api.sendMessage(42, 'a');
    const b = await api.sendMessage(42, 'b');
    await api.deleteMessages(42, [a.message_id, b.message_id]);
    expect(h.emu.botMessages(42)).toEqual([]);
  });

  it('rejects an unknown chat action', async () => {
    const { body } = await h.call('sendChatAction', { chat_id: 42, action: 'dancing' });
    expect(body.description).toBe('Bad Request: wrong parameter action in request');
  });

  it('reports the pinned message in getChat', async () => {
    const api = h.apiBot().api;
    const sent = await api.sendMessage(42, 'Pinned programme');
    await api.pinChatMessage(42, sent.message_id);
    const chat = await api.getChat(42);
    expect(chat).toMatchObject({ id: 42, type: 'private', pinned_message: { text: 'Pinned programme' } });
  });

  it('rejects a text-only button in an inline keyboard', async () => {
    const { body } = await h.call('sendMessage', { chat_id: 42, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'Plain' }]] } });
    expect(body.description).toBe("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  });

  it('rejects a url button with an invalid URL', async () => {
    const { body } = await h.call('sendMessage', { chat_id: 42, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'Map', url: 'not a url' }]] } });
    expect(body.description).toBe('Bad Request: BUTTON_URL_INVALID');
  });

  it('answers getUpdates with 409 to the older of two concurrent long polls', async () => {
    await h.call('getUpdates', { offset: 2 });
    const older = h.call('getUpdates', { timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    const newer = h.call('getUpdates', { timeout: 0 });
    expect((await older).body).toMatchObject({ error_code: 409, description: expect.stringMatching(/^Conflict: terminated by other getUpdates request/) });
    expect((await newer).body.ok).toBe(true);
  });
});

describe('mounting', () => {
  it('serves the Bot API when its Hono app is mounted under a prefix of another server', async () => {
    const parent = new Hono();
    parent.route('/tg', h.emu.app);
    const server = serve({ fetch: parent.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const bot = new Bot(TOKEN, { client: { apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tg` } });
      const m = await bot.api.sendMessage(42, 'via the mounted app');
      expect(m.text).toBe('via the mounted app');
      expect(h.emu.lastBotMessage(42)?.text).toBe('via the mounted app');
    } finally {
      await new Promise((r) => server.close(r));
      if ('closeAllConnections' in server) server.closeAllConnections();
    }
  });
});
