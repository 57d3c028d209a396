// Registry of implemented Bot API methods (names are matched case-insensitively, like Telegram does).
import { botMethods } from './methods-bot.ts';
import { editMethods } from './methods-edit.ts';
import { sendMethods } from './methods-send.ts';
import type { MethodHandler } from './types.ts';

const ALL: Record<string, MethodHandler> = { ...botMethods, ...sendMethods, ...editMethods };
const BY_LOWER = new Map(Object.entries(ALL).map(([name, fn]) => [name.toLowerCase(), { name, fn }]));

/** The canonical method name and its implementation, or undefined for unknown methods (→ 404). */
export function findMethod(name: string): { name: string; fn: MethodHandler } | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

export const methodNames: string[] = Object.keys(ALL);
