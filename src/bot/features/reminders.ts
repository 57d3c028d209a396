// /reminders: how long before each event a delegate is reminded (off, 15, 30, 60 minutes), kept in their profile.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { DEFAULT_REMINDER_MINUTES, REMINDER_CHOICES } from "../../domain/reminders.ts";
import { renderReminderSetting } from "../views/reminders.ts";
import { decode } from "../keyboards/callback-data.ts";
import { replyHtml, showHtml } from "../reply.ts";

export const reminders = new Composer<BotContext>();

reminders.command("reminders", async (ctx) => {
  const view = renderReminderSetting(ctx.profile?.reminderMinutes ?? DEFAULT_REMINDER_MINUTES, ctx.t, REMINDER_CHOICES);
  await replyHtml(ctx, view.html, view.keyboard);
});

reminders.on("callback_query:data", async (ctx, next) => {
  const cb = decode(ctx.callbackQuery.data);
  if (cb?.kind !== "remind") return next();
  const profile = await ctx.deps.users.update(ctx.from.id, { reminderMinutes: cb.minutes });
  // No profile: the user never pressed Start, so there is nothing to remind them of yet.
  if (!profile) return ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
  ctx.profile = profile;
  await ctx.answerCallbackQuery({ text: ctx.t("reminders.saved") });
  const view = renderReminderSetting(cb.minutes, ctx.t, REMINDER_CHOICES);
  await showHtml(ctx, view.html, view.keyboard);
});
