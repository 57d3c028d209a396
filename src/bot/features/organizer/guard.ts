// Organizer rights are checked on every update that does something organizer-only, buttons included:
// a delegate's forged or replayed callback is refused politely and written to the audit log.
import { Composer } from "grammy";
import type { BotContext } from "../../context.ts";
import { decode } from "../../keyboards/callback-data.ts";

export const ORGANIZER_COMMANDS = ["move", "cancel", "reinstate", "change", "announce", "status", "log", "reload"] as const;

function organizerAction(ctx: BotContext): string | undefined {
  const text = ctx.message?.text;
  const command = text ? /^\/([a-z]+)(@\w+)?(\s|$)/.exec(text)?.[1] : undefined;
  if (command && (ORGANIZER_COMMANDS as readonly string[]).includes(command)) return `/${command}`;
  if (ctx.message?.document?.file_name === "visit.yaml") return "upload visit.yaml";
  const cb = decode(ctx.callbackQuery?.data);
  if (cb?.kind === "draft") return `draft.${cb.action}`;
  if (cb?.kind === "wizard") return `wizard.${cb.step}`;
  return undefined;
}

export const organizerGuard = new Composer<BotContext>();

organizerGuard.use(async (ctx, next) => {
  const action = organizerAction(ctx);
  if (!action || ctx.viewer.organizer) return next();
  await ctx.deps.state.audit({
    at: ctx.deps.clock.now(), userId: ctx.from?.id ?? 0, action: `refused:${action}`, allowed: false,
  });
  ctx.deps.logger.warn({ userId: ctx.from?.id, action }, "organizer action refused");
  if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: ctx.t("organizer.refused"), show_alert: true }));
  await ctx.reply(ctx.t("organizer.refused"), { parse_mode: "HTML" });
});
