// The today card: the delegate's plan for the day in one message the bot keeps pinned. Sent at onboarding and by
// each morning briefing, edited in place (through the outbox) on every committed change that touches it.
import type { BotContext, BotDeps } from "../bot/context.ts";
import type { Visit, VisitEvent } from "../domain/visit.ts";
import { concerns, type ScheduleChange } from "../domain/changes.ts";
import { briefingWindow } from "../domain/reminders.ts";
import { localDate } from "../domain/time.ts";
import { renderCard } from "../bot/views/reminders.ts";
import type { Reader } from "../bot/views/agenda.ts";
import type { UserProfile } from "../storage/users.ts";
import { registerRenderer, type Recipient } from "./render.ts";
import type { NewNotice, Notice } from "./outbox.ts";

/** A delegate reads their own programme, never the organizer's view of everything. */
export const readerOf = (profile: UserProfile | undefined, to: Pick<Recipient, "lang" | "t">): Reader => ({
  lang: to.lang,
  t: to.t,
  viewer: { personId: profile?.personId, organizer: false },
});

export interface BriefingPayload {
  date: string;
}

export interface CardPayload {
  changeId: string;
}

registerRenderer("briefing", (notice, to, deps) => {
  const { date } = notice.payload as BriefingPayload;
  const visit = deps.scenario.visit;
  // Queued but not sent before the window closed (the bot was down): a late "good morning" is noise.
  if (!to.profile || briefingWindow(visit, deps.clock.now())?.date !== date) return null;
  const view = renderCard(visit, date, readerOf(to.profile, to), { greeting: true });
  return { text: view.html, keyboard: view.keyboard, pin: true };
});

registerRenderer("card", (_notice, to, deps) => {
  const card = to.profile?.todayCard;
  if (!card) return null;
  const view = renderCard(deps.scenario.visit, card.date, readerOf(to.profile, to), { updatedAt: deps.clock.now() });
  return { text: view.html, keyboard: view.keyboard, edit: { messageId: card.messageId } };
});

/** Card refreshes for a change: every delegate whose pinned card shows the event's old or new day and whom it concerns. */
export async function cardRefreshNotices(deps: BotDeps, visit: Visit, change: ScheduleChange, event: VisitEvent): Promise<NewNotice[]> {
  const days = new Set([localDate(change.before.start, visit.timezone), localDate(change.after.start, visit.timezone)]);
  const notices: NewNotice[] = [];
  for await (const profile of deps.users.all()) {
    if (!profile.todayCard || !days.has(profile.todayCard.date) || !concerns(visit, event, profile.personId)) continue;
    const payload: CardPayload = { changeId: change.id };
    // No batch: card refreshes are not change notices and must not count in /status.
    notices.push({ key: `card:${change.id}:${profile.userId}`, chatId: profile.chatId, userId: profile.userId, kind: "card", payload });
  }
  return notices;
}

/**
 * Card refreshes for a reload: once per delegate whose pinned card shows the day of an event the reload touched
 * (as it was, in the old visit, or as it is, in the new) and whom that event concerns.
 */
export async function cardRefreshesForReload(deps: BotDeps, reloadId: string, touched: Array<{ visit: Visit; event: VisitEvent }>): Promise<NewNotice[]> {
  const notices: NewNotice[] = [];
  for await (const profile of deps.users.all()) {
    const card = profile.todayCard;
    const shown = card && touched.some(({ visit, event }) =>
      localDate(event.start, visit.timezone) === card.date && concerns(visit, event, profile.personId));
    if (!shown) continue;
    const payload: CardPayload = { changeId: reloadId };
    notices.push({ key: `card:${reloadId}:${profile.userId}`, chatId: profile.chatId, userId: profile.userId, kind: "card", payload });
  }
  return notices;
}

/** The Sender's onSent hook: remembers which message is the card (a briefing is the new card; a lost card was re-sent). */
export async function rememberCard(deps: BotDeps, notice: Notice, messageId: number): Promise<void> {
  if (notice.userId === undefined) return;
  if (notice.kind === "briefing") {
    const { date } = notice.payload as BriefingPayload;
    await deps.users.update(notice.userId, { todayCard: { messageId, date, sentAt: deps.clock.now() } });
  } else if (notice.kind === "card") {
    const card = (await deps.users.get(notice.userId))?.todayCard;
    if (card && card.messageId !== messageId) await deps.users.update(notice.userId, { todayCard: { ...card, messageId } });
  }
}

/**
 * After onboarding: today's card, sent and pinned in the handler itself (so it arrives in order with the replies).
 * Only on a visit day: before the visit, the first morning's briefing brings the first card.
 */
export async function sendTodayCard(ctx: BotContext): Promise<void> {
  const { deps, profile, chat } = ctx;
  const visit = deps.scenario.visit;
  const now = deps.clock.now();
  const date = localDate(now, visit.timezone);
  if (!profile || !chat || !visit.days.some((d) => d.date === date)) return;
  const view = renderCard(visit, date, readerOf(profile, ctx));
  const message = await ctx.reply(view.html, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    reply_markup: view.keyboard,
  });
  try {
    await ctx.api.pinChatMessage(chat.id, message.message_id, { disable_notification: true });
  } catch (error) {
    deps.logger.warn({ err: error, chatId: chat.id }, "today card: pin failed");
  }
  ctx.profile = (await deps.users.update(profile.userId, { todayCard: { messageId: message.message_id, date, sentAt: now } })) ?? profile;
}
