// createBot(deps): plugins, the per-update context (language, profile, viewer), features and the error boundary.
import { Bot, Composer, GrammyError, HttpError, type BotConfig } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import type { BotContext, BotDeps } from "./context.ts";
import { guessLang } from "../domain/language.ts";
import { personById } from "../domain/agenda.ts";
import { onboarding } from "./features/onboarding.ts";
import { agenda } from "./features/agenda.ts";
import { places } from "./features/places.ts";
import { info } from "./features/info.ts";
import { ask } from "./features/ask.ts";
import { fallback } from "./features/fallback.ts";
import { privacy } from "./features/privacy.ts";
import { acknowledge } from "./features/acknowledge.ts";
import { organizerGuard } from "./features/organizer/guard.ts";
import { organizerChanges } from "./features/organizer/changes.ts";
import { organizerStatus } from "./features/organizer/status.ts";
import { reminders } from "./features/reminders.ts";
import { calendar } from "./features/calendar.ts";
import { organizerAnnouncements } from "./features/organizer/announcements.ts";
import { organizerWizards } from "./conversations/index.ts";
import { handover, organizerReplies } from "./features/handover.ts";
import { organizerReload } from "./features/organizer/reload.ts";
import { replyHtml } from "./reply.ts";
import { byChat } from "./run.ts";

export interface CreateBotOptions {
  token: string;
  apiRoot?: string;
  /** Skips getMe at start-up (tests and benchmarks). */
  botInfo?: BotConfig<BotContext>["botInfo"];
}

export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
  });
  // 429s and 5xx on direct replies are retried; long waits are for the outbox, not for a live chat.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  bot.use(byChat);
  bot.use((ctx, next) => {
    deps.metrics.updates.inc({ type: Object.keys(ctx.update).find((k) => k !== "update_id") ?? "unknown" });
    return next();
  });
  bot.use(attachContext(deps));
  bot.on("edited_message", () => {}); // editing an old message is not a new request
  bot.use(organizerReplies); // in the organizers' group too: a reply to a relayed message goes back to its delegate
  // The organizers' group gets reload previews with Send / Cancel (and may /reload there): an organizer's tap
  // works as in a private chat, anyone else's is refused and audited by the guard.
  bot
    .filter((ctx) => deps.organizerChatId !== undefined && ctx.chat?.id === deps.organizerChatId && (ctx.callbackQuery ?? ctx.message) !== undefined)
    .errorBoundary(apologize, organizerGuard, organizerReload);
  bot.filter((ctx) => ctx.chat !== undefined && ctx.chat.type !== "private").use(groupChats);

  const features = new Composer<BotContext>(
    organizerGuard, // first: every organizer-only update is checked before any feature sees it
    organizerWizards, // /change, /announce: an open wizard gets the organizer's next update before any feature
    handover, // before free text: a delegate writing to the liaison is not asking the bot
    onboarding,
    agenda,
    places,
    info,
    acknowledge,
    reminders,
    calendar,
    privacy,
    organizerAnnouncements, // before organizerChanges: it answers the announcement previews' buttons
    organizerReload, // before organizerChanges: it answers the reload previews' buttons
    organizerChanges,
    organizerStatus,
    ask, // free text that no feature above took; commands and media go on to fallback
    fallback,
  );
  bot.filter((ctx) => ctx.chat?.type === "private").errorBoundary(apologize, features);

  bot.catch((err) => deps.logger.error({ err: err.error, updateId: err.ctx.update.update_id }, "update failed"));
  return bot;
}

function attachContext(deps: BotDeps) {
  return async (ctx: BotContext, next: () => Promise<void>) => {
    ctx.deps = deps;
    const from = ctx.from;
    ctx.profile = from ? await deps.users.get(from.id) : undefined;
    // Writing to the bot again means Telegram lets it answer again.
    if (ctx.profile?.unreachable && ctx.message) ctx.profile = await deps.users.update(ctx.profile.userId, { unreachable: false });
    ctx.lang = ctx.profile?.lang ?? guessLang(from?.language_code);
    ctx.t = deps.i18n.t(ctx.lang);
    const person = personById(deps.scenario.visit, ctx.profile?.personId);
    const scenarioOrganizer = deps.scenario.visit.people.some((p) => p.organizer && from && p.telegramId === from.id);
    ctx.viewer = {
      personId: person?.id,
      organizer: from !== undefined && (deps.organizerIds.includes(from.id) || scenarioOrganizer),
    };
    await next();
  };
}

/** In groups the bot only answers commands, pointing to the private chat; everything else is ignored. */
const groupChats = new Composer<BotContext>();
groupChats.on("message:entities:bot_command", async (ctx) => {
  await replyHtml(ctx, ctx.t("groups.privateOnly", { username: ctx.me.username }));
});
groupChats.on("callback_query", (ctx) => ctx.answerCallbackQuery());

async function apologize(err: { error: unknown; ctx: BotContext }): Promise<void> {
  const { ctx, error } = err;
  ctx.deps.logger.error({ err: error, updateId: ctx.update.update_id }, "feature failed");
  if (error instanceof GrammyError && error.error_code === 403) return; // blocked: nothing to say
  if (error instanceof HttpError) return; // Telegram unreachable: a reply would fail too
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.generic") }).catch(() => {});
    if (ctx.chat) await ctx.reply(ctx.t("errors.generic"), { parse_mode: "HTML" });
  } catch {
    // Telegram refused the apology too; the log has the cause.
  }
}
