// User-side API, events and waiting helpers: what end-to-end tests and the web chat UI build on.
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/emulator/index.ts';
import { harness } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness({ bot: { username: 'attache_bot' } });
});
afterEach(async () => {
  await h.stop();
});

const keyboard = { inline_keyboard: [[{ text: 'Yes', callback_data: 'rsvp:yes' }, { text: 'No', callback_data: 'rsvp:no' }]] };

describe('user side', () => {
  it('marks a /command@botname at the start as a bot_command entity of the right length', () => {
    const { message } = h.emu.sendText(42, '/agenda@attache_bot tomorrow');
    expect(message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 19 }]);
    expect(message.raw.chat).toEqual({ id: 42, type: 'private', first_name: 'User 42' });
  });

  it('uses the registered user profile as sender and private chat', () => {
    h.emu.addUser({ id: 7, first_name: 'Ana', last_name: 'Petrović', username: 'ana', language_code: 'sr' });
    const { update } = h.emu.sendText(7, 'Zdravo');
    expect(update.message?.from).toEqual({ id: 7, is_bot: false, first_name: 'Ana', last_name: 'Petrović', username: 'ana', language_code: 'sr' });
    expect(update.message?.chat).toEqual({ id: 7, type: 'private', first_name: 'Ana', last_name: 'Petrović', username: 'ana' });
  });

  it('numbers messages per chat from 1 and update_ids globally', () => {
    const a = h.emu.sendText(1, 'a');
    const b = h.emu.sendText(2, 'b');
    const c = h.emu.sendText(1, 'c');
    expect([a.message.id, b.message.id, c.message.id]).toEqual([1, 1, 2]);
    expect([a.update.update_id, b.update.update_id, c.update.update_id]).toEqual([1, 2, 3]);
  });

  it('writes in a group created with members and lets the bot answer there', async () => {
    const group = h.emu.createGroup({ title: 'Delegation', members: [1, 2] });
    const { update } = h.emu.sendText(2, 'Hello all', { chat: group.id });
    expect(update.message?.chat).toMatchObject({ id: group.id, type: 'supergroup', title: 'Delegation' });
    await h.call('sendMessage', { chat_id: group.id, text: 'Welcome' });
    expect(h.emu.botMessages(group.id).map((m) => m.text)).toEqual(['Welcome']);
  });

  it('refuses a click on callback data the message does not offer', async () => {
    h.emu.sendText(42, 'hi');
    await h.call('sendMessage', { chat_id: 42, text: 'Attend?', reply_markup: keyboard });
    const msg = h.emu.lastBotMessage(42) as StoredMessage;
    expect(() => h.emu.clickButton(42, msg.id, 'rsvp:maybe')).toThrow(/no button with callback_data "rsvp:maybe"/);
    const forged = h.emu.clickButton(42, msg.id, 'rsvp:maybe', { force: true });
    expect(forged.query.data).toBe('rsvp:maybe');
  });

  it('finds a button callback_data by text or regex', async () => {
    h.emu.sendText(42, 'hi');
    await h.call('sendMessage', { chat_id: 42, text: 'Attend?', reply_markup: keyboard });
    const msg = h.emu.lastBotMessage(42) as StoredMessage;
    expect(h.emu.findButton(42, msg.id, 'No')).toBe('rsvp:no');
    expect(h.emu.findButton(42, msg.id, /^y/i)).toBe('rsvp:yes');
    expect(() => h.emu.findButton(42, msg.id, 'Maybe')).toThrow(/buttons: \[\["Yes","No"\]\]/);
  });

  it('a click carries the bot message and a unique query id', async () => {
    h.emu.sendText(42, 'hi');
    await h.call('sendMessage', { chat_id: 42, text: 'Attend?', reply_markup: keyboard });
    const msg = h.emu.lastBotMessage(42) as StoredMessage;
    const first = h.emu.clickButton(42, msg.id, 'rsvp:yes');
    const second = h.emu.clickButton(42, msg.id, 'rsvp:yes');
    expect(first.queryId).not.toBe(second.queryId);
    expect(first.query.message).toMatchObject({ message_id: msg.id, text: 'Attend?', reply_markup: keyboard });
  });

  it('creates the other kinds of user messages with Telegram fields', () => {
    const kinds = [
      h.emu.sendSticker(42, '🎉'),
      h.emu.sendPhoto(42, { caption: 'Palace' }),
      h.emu.sendVoice(42, { duration: 3 }),
      h.emu.sendLocation(42, 44.8125, 20.4612),
      h.emu.sendContactCard(42, { phone_number: '+381 11 123', first_name: 'Marko' }),
    ].map((r) => r.update.message as unknown as Record<string, unknown>);
    expect(kinds[0]?.sticker).toMatchObject({ emoji: '🎉' });
    expect(kinds[1]).toMatchObject({ caption: 'Palace', photo: [expect.objectContaining({ width: 1280 })] });
    expect(kinds[2]?.voice).toMatchObject({ duration: 3, mime_type: 'audio/ogg' });
    expect(kinds[3]?.location).toEqual({ latitude: 44.8125, longitude: 20.4612 });
    expect(kinds[4]?.contact).toEqual({ phone_number: '+381 11 123', first_name: 'Marko' });
  });

  it('injects an arbitrary update with a fresh update_id', async () => {
    h.emu.injectUpdate({ poll: { id: 'p1' } });
    const { body } = await h.call('getUpdates');
    expect(body.result).toEqual([{ update_id: 1, poll: { id: 'p1' } }]);
  });
});

describe('events and waiting', () => {
  it('emits message, chatAction and update events for a live UI', async () => {
    const seen: string[] = [];
    h.emu.on('message', (m) => seen.push(`message:${m.fromBot ? 'bot' : 'user'}:${m.text}`));
    h.emu.on('chatAction', (a) => seen.push(`action:${a.action}`));
    h.emu.on('update', (u: Update) => seen.push(`update:${u.update_id}`));
    h.emu.sendText(42, 'hi');
    await h.call('sendChatAction', { chat_id: 42, action: 'typing' });
    await h.call('sendMessage', { chat_id: 42, text: 'Hello' });
    expect(seen).toEqual(['message:user:hi', 'update:1', 'action:typing', 'message:bot:Hello']);
    expect(h.emu.chatAction(42)?.action).toBe('typing');
  });

  it('a waitForMessages timeout explains what the chat does contain', async () => {
    h.emu.sendText(42, 'is anyone there?');
    await h.call('sendMessage', { chat_id: 42, text: '<b>broken', parse_mode: 'HTML' });
    const err = await h.emu.waitForMessages(42, 1, { timeoutMs: 100 }).catch((e: unknown) => e as Error);
    expect(String(err)).toMatch(/Timed out after 100 ms waiting for 1 bot message\(s\) in chat 42/);
    expect(String(err)).toContain('#1 user 42 text "is anyone there?"');
    expect(String(err)).toContain("sendMessage → 400 Bad Request: can't parse entities");
  });

  it('waitForMessages resolves with bot messages after a given id only', async () => {
    h.emu.sendText(42, 'hi');
    await h.call('sendMessage', { chat_id: 42, text: 'old' });
    const { message } = h.emu.sendText(42, 'again');
    const waiting = h.emu.waitForMessages(42, 2, { after: message.id });
    await h.call('sendMessage', { chat_id: 42, text: 'new 1' });
    await h.call('sendMessage', { chat_id: 42, text: 'new 2' });
    expect((await waiting).map((m) => m.text)).toEqual(['new 1', 'new 2']);
  });

  it('sees a stored message and its call log entry at the same time', async () => {
    h.emu.sendText(42, 'hi');
    const logged: number[] = [];
    h.emu.on('message', (m) => { if (m.fromBot) logged.push(h.emu.callsOf('sendMessage').length); });
    await h.call('sendMessage', { chat_id: 42, text: 'x' });
    expect(logged).toEqual([1]);
  });
});
