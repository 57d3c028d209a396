// Whatever no feature handled: unknown commands, free text (until grounded answers), media, stray buttons.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { replyHtml } from "../reply.ts";
import { helpKeyboard } from "./info.ts";

export const fallback = new Composer<BotContext>();

fallback.on("message:text", async (ctx) => {
  const text = ctx.message.text;
  const command = /^\/([A-Za-z0-9_]{1,32})/.exec(text);
  if (command) {
    return replyHtml(ctx, ctx.t("fallback.unknownCommand", { command: `/${command[1]}` }), helpKeyboard(ctx));
  }
  await replyHtml(ctx, ctx.t("fallback.text"), helpKeyboard(ctx));
});

fallback.on("message", async (ctx) => {
  await replyHtml(ctx, ctx.t("fallback.media"), helpKeyboard(ctx));
});

// A button the bot no longer understands (an old keyboard, or forged data): answer it so it stops spinning.
fallback.on("callback_query", async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
});
