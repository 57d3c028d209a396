// Reminders before each event and the morning briefing: which notices fall due for a delegate, and the reminder's
// renderer, which re-checks the live programme at send time (cancelled, moved or started events are skipped).
import type { Visit } from "../domain/visit.ts";
import { concerns } from "../domain/changes.ts";
import {
  DEFAULT_REMINDER_MINUTES, briefingKey, briefingWindow, dueReminders, liveReminderEvent, reminderKey,
} from "../domain/reminders.ts";
import { renderReminder } from "../bot/views/reminders.ts";
import type { UserProfile } from "../storage/users.ts";
import { registerRenderer } from "./render.ts";
import type { NewNotice } from "./outbox.ts";
import { readerOf, type BriefingPayload } from "./today-card.ts";

export interface ReminderPayload {
  eventId: string;
  /** The start the reminder was scheduled for: a moved event's old reminder is not sent. */
  start: number;
}

registerRenderer("reminder", (notice, to, deps) => {
  const { eventId, start } = notice.payload as ReminderPayload;
  const visit = deps.scenario.visit;
  const now = deps.clock.now();
  if (!to.profile || to.profile.reminderMinutes === 0) return null;
  const event = liveReminderEvent(visit, eventId, start, now);
  if (!event || !concerns(visit, event, to.profile.personId)) return null;
  const view = renderReminder(visit, event, readerOf(to.profile, to), now);
  return { text: view.html, keyboard: view.keyboard };
});

/**
 * Everything due for one delegate at `now`. The outbox's unique keys make each notice exactly-once,
 * so calling this every tick (and after a restart) never repeats one.
 */
export function dueNotices(visit: Visit, profile: UserProfile, now: number): NewNotice[] {
  const to = { chatId: profile.chatId, userId: profile.userId };
  const viewer = { personId: profile.personId, organizer: false };
  const notices: NewNotice[] = dueReminders(visit, viewer, profile.reminderMinutes ?? DEFAULT_REMINDER_MINUTES, now).map((e) => ({
    ...to,
    key: reminderKey(profile.userId, e.id, e.start),
    kind: "reminder",
    payload: { eventId: e.id, start: e.start } satisfies ReminderPayload,
  }));
  const window = briefingWindow(visit, now);
  // A delegate whose card was sent after 07:30 today (they just joined) already has the day's plan pinned.
  const hasToday = window !== undefined && profile.todayCard !== undefined && profile.todayCard.sentAt >= window.from;
  if (window && !hasToday) {
    notices.push({ ...to, key: briefingKey(profile.userId, window.date), kind: "briefing", payload: { date: window.date } satisfies BriefingPayload });
  }
  return notices;
}
