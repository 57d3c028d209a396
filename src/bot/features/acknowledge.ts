// "Got it" under a change notice: recorded once, the button goes away.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { decode } from "../keyboards/callback-data.ts";
import { reloadChange } from "../../delivery/reload.ts";

export const acknowledge = new Composer<BotContext>();

acknowledge.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  if (cb?.kind !== "ack") return next();
  // Reload changes are committed like bot-made ones; reloads sent before that kept theirs aside.
  const change = (await ctx.deps.state.change(cb.changeId)) ?? (await reloadChange(ctx.deps, cb.changeId));
  if (!change) return ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
  await ctx.deps.state.acknowledge(change.id, ctx.from.id, ctx.deps.clock.now());
  await ctx.answerCallbackQuery({ text: ctx.t("changes.thanks") });
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
});
