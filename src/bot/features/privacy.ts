// /forget: a delegate deletes what the bot keeps about them, after a confirmation.
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../context.ts";
import { decode, encode } from "../keyboards/callback-data.ts";
import { replyHtml, showHtml } from "../reply.ts";
import { forgetUser } from "../../storage/personal-data.ts";

export const privacy = new Composer<BotContext>();

privacy.command("forget", async (ctx) => {
  const keyboard = new InlineKeyboard()
    .text(`🗑 ${ctx.t("privacy.confirm")}`, encode({ kind: "forget", confirm: true }))
    .text(ctx.t("privacy.keep"), encode({ kind: "forget", confirm: false }));
  await replyHtml(ctx, ctx.t("privacy.question"), keyboard);
});

privacy.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  if (cb?.kind !== "forget") return next();
  await ctx.answerCallbackQuery();
  if (!cb.confirm) return showHtml(ctx, ctx.t("privacy.kept"));
  // Answer first, in the language we are about to forget.
  const goodbye = ctx.t("privacy.done");
  await forgetUser(ctx.deps.storage, ctx.deps.outbox, ctx.from.id);
  await ctx.deps.state.audit({ at: ctx.deps.clock.now(), userId: ctx.from.id, action: "forget", allowed: true });
  ctx.deps.logger.info({ userId: ctx.from.id }, "user data deleted on request");
  await showHtml(ctx, goodbye);
});
