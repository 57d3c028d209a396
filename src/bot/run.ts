// Long polling with @grammyjs/runner: updates processed concurrently, but one chat's updates stay in order.
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { BotContext } from "./context.ts";

/** One chat's updates in order (the first middleware of the bot). */
export const byChat = sequentialize<BotContext>((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString());

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

export function startPolling(bot: Bot<BotContext>): RunnerHandle {
  return run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
}
