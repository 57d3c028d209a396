// Test helpers: waiting for state changes, self-explaining timeout errors, and plain-text/button lookups.
import type { EventEmitter } from 'node:events';
import { inlineButtons, keyboardTexts } from './markup.ts';
import type { State } from './state.ts';
import type { CallRecord, EmulatorEvents, StoredMessage } from './types.ts';

export interface WaitOptions {
  timeoutMs?: number;
}

/** One line describing a message, e.g. `#3 bot text "Hello" buttons [[Yes|No]] (edited)`. */
export function describeMessage(m: StoredMessage): string {
  const who = m.fromBot ? 'bot' : `user ${m.from.id}`;
  let body = m.text !== '' ? JSON.stringify(m.text.length > 200 ? `${m.text.slice(0, 200)}…` : m.text) : '';
  const media = m.media as Record<string, Record<string, unknown> | undefined>;
  if (m.kind === 'venue') body = `${JSON.stringify(media.venue?.title)} ${JSON.stringify(media.venue?.address)}`;
  if (m.kind === 'document') body = `${String(media.document?.file_name)} ${body}`;
  if (m.kind === 'location') body = `${String(media.location?.latitude)},${String(media.location?.longitude)}`;
  if (m.kind === 'contact') body = `${String(media.contact?.first_name)} ${String(media.contact?.phone_number)}`;
  const parts = [`#${m.id} ${who} ${m.kind}`, body.trim()];
  if (m.buttons.length > 0) parts.push(`buttons [${m.buttons.map((r) => `[${r.join('|')}]`).join(' ')}]`);
  const keyboard = keyboardTexts(m.replyMarkup);
  if (keyboard.length > 0) parts.push(`keyboard [${keyboard.map((r) => `[${r.join('|')}]`).join(' ')}]`);
  if (m.edited) parts.push('(edited)');
  if (m.deleted) parts.push('(deleted)');
  return parts.filter((s) => s !== '').join(' ');
}

/** Multi-line description of a chat: its messages, pins, last chat action and recent failed API calls for it. */
export function describeChat(state: State, calls: CallRecord[], chatId: number): string {
  const chat = state.chat(chatId);
  if (!chat) {
    const known = [...state.chats.keys()].join(', ') || 'none';
    return `Chat ${chatId} does not exist (known chats: ${known}).${describeFailures(calls, chatId)}`;
  }
  const lines = [`Chat ${chatId} (${chat.chat.type}) contains ${chat.messages.length} message(s):`];
  for (const m of chat.messages.slice(-30)) lines.push(`  ${describeMessage(m)}`);
  if (chat.messages.length === 0) lines.push('  (none)');
  if (chat.pinned.length > 0) lines.push(`  pinned: ${chat.pinned.map((id) => `#${id}`).join(', ')}`);
  if (chat.lastAction) lines.push(`  last chat action: ${chat.lastAction.action}`);
  return lines.join('\n') + describeFailures(calls, chatId);
}

function describeFailures(calls: CallRecord[], chatId?: number): string {
  const failed = calls
    .filter((c) => !c.ok && (chatId === undefined || String(c.params.chat_id) === String(chatId)))
    .slice(-5);
  if (failed.length === 0) return '';
  return `\nRecent failed API calls:\n${failed.map((c) => `  ${c.method} → ${c.error_code ?? c.fault} ${c.description ?? ''}`).join('\n')}`;
}

/** Every chat, briefly (for generic waitFor timeouts). */
export function describeAll(state: State, calls: CallRecord[]): string {
  if (state.chats.size === 0) return `No chats yet.${describeFailures(calls)}`;
  return [...state.chats.keys()].map((id) => describeChat(state, [], id)).join('\n') + describeFailures(calls);
}

/** Resolve when `check` returns a truthy value (re-checked on every emulator change); reject with `describe()` on timeout. */
export function waitUntil<T>(
  emitter: EventEmitter<EmulatorEvents>,
  check: () => T | undefined | null | false,
  opts: { timeoutMs: number; what: string; describe: () => string },
): Promise<T> {
  const first = check();
  if (first) return Promise.resolve(first);
  return new Promise<T>((resolve, reject) => {
    const onChange = (): void => {
      let value: T | undefined | null | false;
      try {
        value = check();
      } catch (e) {
        cleanup();
        reject(e as Error);
        return;
      }
      if (value) {
        cleanup();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Timed out after ${opts.timeoutMs} ms waiting for ${opts.what}.\n${opts.describe()}`));
    }, opts.timeoutMs);
    // Also poll: predicates may depend on state outside the emulator (e.g. what a bot handler recorded).
    const poll = setInterval(onChange, 20);
    const cleanup = (): void => {
      clearTimeout(timer);
      clearInterval(poll);
      emitter.off('change', onChange);
    };
    emitter.on('change', onChange);
  });
}

/** The callback_data of the inline button whose text equals/matches `textOrRegex`; throws listing the buttons otherwise. */
export function findButtonData(m: StoredMessage, textOrRegex: string | RegExp): string {
  const buttons = inlineButtons(m.replyMarkup);
  const match = buttons.find((b) => (typeof textOrRegex === 'string' ? b.text === textOrRegex : textOrRegex.test(b.text)));
  if (!match) {
    throw new Error(`Message #${m.id} in chat ${m.chatId} has no button ${String(textOrRegex)}; buttons: ${JSON.stringify(m.buttons)}`);
  }
  if (!('callback_data' in match) || match.callback_data === undefined) {
    throw new Error(`Button ${JSON.stringify(match.text)} of message #${m.id} has no callback_data: ${JSON.stringify(match)}`);
  }
  return match.callback_data;
}
