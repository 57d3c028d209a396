// A real grammY bot, long polling the emulator over loopback HTTP, exercising the methods the project uses.
import { GrammyError, InlineKeyboard, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, TOKEN } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

async function failure(p: Promise<unknown>): Promise<GrammyError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GrammyError);
  return err as GrammyError;
}

describe('grammY against the emulator', () => {
  it('delivers /start to a command handler and stores the HTML reply with entities', async () => {
    await h.startBot((bot) => bot.command('start', (ctx) => ctx.reply('<b>Welcome</b>, delegate!', { parse_mode: 'HTML' })));
    const { message } = h.emu.sendText(42, '/start');
    const [reply] = await h.emu.waitForMessages(42, 1, { after: message.id });
    expect(reply?.text).toBe('Welcome, delegate!');
    expect(reply?.entities).toEqual([{ type: 'bold', offset: 0, length: 7 }]);
    expect(reply?.html).toBe('<b>Welcome</b>, delegate!');
    expect(reply?.from.username).toBe('attache_test_bot');
    expect(reply?.id).toBe(2);
  });

  it('routes a button click to bot.callbackQuery and records answerCallbackQuery', async () => {
    await h.startBot((bot) => {
      bot.command('menu', (ctx) => ctx.reply('Menu', { reply_markup: new InlineKeyboard().text('Agenda', 'agenda').text('Venue', 'venue') }));
      bot.callbackQuery('agenda', (ctx) => ctx.answerCallbackQuery({ text: 'Opening the agenda' }));
    });
    h.emu.sendText(42, '/menu');
    const menu = await h.emu.waitForMessage(42);
    expect(menu.buttons).toEqual([['Agenda', 'Venue']]);
    const { queryId } = h.emu.clickButtonText(42, menu.id, 'Agenda');
    const answer = await h.emu.waitForCallbackAnswer(queryId);
    expect(answer.text).toBe('Opening the agenda');
    expect(h.emu.callsOf('answerCallbackQuery')).toHaveLength(1);
  });

  it('rejects callback_data longer than 64 bytes with BUTTON_DATA_INVALID', async () => {
    h.emu.sendText(42, 'hi');
    const api = h.apiBot().api;
    await api.sendMessage(42, 'ok', { reply_markup: new InlineKeyboard().text('x', 'я'.repeat(32)) });
    const err = await failure(api.sendMessage(42, 'too long', { reply_markup: new InlineKeyboard().text('x', 'я'.repeat(33)) }));
    expect(err.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(h.emu.botMessages(42).map((m) => m.text)).toEqual(['ok']);
  });

  it('refuses to edit a message to identical content', async () => {
    h.emu.sendText(42, 'hi');
    const api = h.apiBot().api;
    const sent = await api.sendMessage(42, 'Day 1');
    const err = await failure(api.editMessageText(42, sent.message_id, 'Day 1'));
    expect(err.description).toMatch(/^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/);
    expect(h.emu.message(42, sent.message_id)?.edited).toBe(false);
  });

  it('applies an edit and drops the keyboard when reply_markup is omitted', async () => {
    h.emu.sendText(42, 'hi');
    const api = h.apiBot().api;
    const sent = await api.sendMessage(42, 'Day 1', { reply_markup: new InlineKeyboard().text('More', 'more') });
    const edited = (await api.editMessageText(42, sent.message_id, '<i>Day 2</i>', { parse_mode: 'HTML' })) as Message;
    expect(edited.edit_date).toBeGreaterThan(0);
    const stored = h.emu.message(42, sent.message_id);
    expect([stored?.text, stored?.edited, stored?.buttons]).toEqual(['Day 2', true, []]);
  });

  it('deletes a message once and then reports it not found', async () => {
    h.emu.sendText(42, 'hi');
    const api = h.apiBot().api;
    const sent = await api.sendMessage(42, 'temporary');
    await api.deleteMessage(42, sent.message_id);
    expect(h.emu.message(42, sent.message_id)?.deleted).toBe(true);
    expect(h.emu.botMessages(42)).toEqual([]);
    const err = await failure(api.deleteMessage(42, sent.message_id));
    expect(err.description).toBe('Bad Request: message to delete not found');
  });

  it('reports message to edit not found for an unknown message id', async () => {
    h.emu.sendText(42, 'hi');
    const err = await failure(h.apiBot().api.editMessageText(42, 999, 'x'));
    expect(err.description).toBe('Bad Request: message to edit not found');
  });

  it('pins a message and emits a pin event', async () => {
    h.emu.sendText(42, 'hi');
    const pins: unknown[] = [];
    h.emu.on('pin', (e) => pins.push(e));
    const sent = await h.apiBot().api.sendMessage(42, 'Programme');
    await h.apiBot().api.pinChatMessage(42, sent.message_id);
    expect(h.emu.pinnedMessage(42)?.text).toBe('Programme');
    expect(pins).toEqual([{ chatId: 42, messageId: sent.message_id, pinned: true }]);
  });

  it('stores commands per language_code and returns them from getMyCommands', async () => {
    const api = h.apiBot().api;
    await api.setMyCommands([{ command: 'start', description: 'Start' }]);
    await api.setMyCommands([{ command: 'start', description: 'Начать' }], { language_code: 'ru' });
    expect(await api.getMyCommands({ language_code: 'ru' })).toEqual([{ command: 'start', description: 'Начать' }]);
    expect(await api.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(await api.getMyCommands({ language_code: 'sr' })).toEqual([]);
  });

  it('round-trips an uploaded document through getFile and the file download URL', async () => {
    h.emu.sendText(42, 'hi');
    const api = h.apiBot().api;
    const bytes = Buffer.from('%PDF-1.4 programme of the visit');
    const sent = await api.sendDocument(42, new InputFile(bytes, 'Программа визита.pdf'), { caption: 'Programme' });
    expect(sent.document).toMatchObject({ file_name: 'Программа визита.pdf', mime_type: 'application/pdf', file_size: bytes.length });
    expect(sent.caption).toBe('Programme');
    const file = await api.getFile(sent.document.file_id);
    const res = await fetch(`${h.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });

  it('answers 429 with retry_after that GrammyError exposes when perSecondPerChat is exceeded', async () => {
    h.emu.sendText(42, 'hi');
    h.emu.faults.rateLimit = { perSecondPerChat: 1 };
    const api = h.apiBot().api;
    await api.sendMessage(42, 'first');
    const err = await failure(api.sendMessage(42, 'second'));
    expect(err.error_code).toBe(429);
    expect(err.description).toMatch(/^Too Many Requests: retry after \d+$/);
    expect(err.parameters.retry_after).toBeGreaterThanOrEqual(1);
    expect(h.emu.botMessages(42).map((m) => m.text)).toEqual(['first']);
    expect(h.emu.stats.faults.rateLimit).toBe(1);
  });

  it('answers 403 when the user blocked the bot and tells the bot via my_chat_member', async () => {
    const statuses: string[] = [];
    await h.startBot((bot) => bot.on('my_chat_member', (ctx) => { statuses.push(ctx.myChatMember.new_chat_member.status); }));
    h.emu.sendText(42, 'hi');
    h.emu.blockBot(42);
    await h.emu.waitFor(() => statuses.length === 1);
    expect(statuses).toEqual(['kicked']);
    const err = await failure(h.apiBot().api.sendMessage(42, 'are you there?'));
    expect(err.error_code).toBe(403);
    expect(err.description).toBe('Forbidden: bot was blocked by the user');
  });

  it('delivers a user edit as edited_message', async () => {
    const edits: string[] = [];
    await h.startBot((bot) => bot.on('edited_message:text', (ctx) => { edits.push(ctx.editedMessage.text); }));
    const { message } = h.emu.sendText(42, 'Hotel Moskva');
    h.emu.editText(42, message.id, 'Hotel Metropol');
    await h.emu.waitFor(() => edits.length > 0);
    expect(edits).toEqual(['Hotel Metropol']);
  });

  it('lets the bot download a document the user sent', async () => {
    const got: Buffer[] = [];
    await h.startBot((bot) => bot.on('message:document', async (ctx) => {
      const file = await ctx.getFile();
      const res = await fetch(`${h.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
      got.push(Buffer.from(await res.arrayBuffer()));
    }));
    h.emu.sendDocument(42, { filename: 'passport.txt', mime: 'text/plain', bytes: Buffer.from('P<SRB') });
    await h.emu.waitFor(() => got.length > 0);
    expect(got[0]?.toString()).toBe('P<SRB');
  });
});
