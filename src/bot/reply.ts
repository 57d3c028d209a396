// Sending HTML views: split below Telegram's limit, edit in place for button presses, tolerate "not modified".
import { GrammyError, type InlineKeyboard } from "grammy";
import type { BotContext } from "./context.ts";
import { splitMessage } from "./html.ts";

/** Sends an HTML text; the keyboard goes under the last part. */
export async function replyHtml(ctx: BotContext, html: string, keyboard?: InlineKeyboard): Promise<void> {
  const parts = splitMessage(html);
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    await ctx.reply(parts[i]!, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(last && keyboard ? { reply_markup: keyboard } : {}),
    });
  }
}

/** For a button press: replace the message the button sits on; otherwise send a new one. */
export async function showHtml(ctx: BotContext, html: string, keyboard?: InlineKeyboard): Promise<void> {
  const message = ctx.callbackQuery?.message;
  const parts = splitMessage(html);
  if (!message || parts.length > 1 || !("text" in message)) return replyHtml(ctx, html, keyboard);
  try {
    await ctx.editMessageText(parts[0]!, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  } catch (error) {
    if (error instanceof GrammyError && error.description.includes("message is not modified")) return;
    if (error instanceof GrammyError && error.error_code === 400) return replyHtml(ctx, html, keyboard);
    throw error;
  }
}
