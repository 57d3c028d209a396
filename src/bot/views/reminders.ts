// HTML views of the time-driven notices: a reminder, the today card (and the morning briefing that re-sends it),
// the escalation organizers get. Pure: visit + reader in, HTML out.
import { InlineKeyboard } from "grammy";
import { pick, type Lang } from "../../domain/language.ts";
import type { Visit, VisitEvent } from "../../domain/visit.ts";
import type { ScheduleChange } from "../../domain/changes.ts";
import { eventsOnDate } from "../../domain/agenda.ts";
import { formatDay, formatTime, formatZone, startOfLocalDay } from "../../domain/time.ts";
import type { ReminderMinutes } from "../../domain/reminders.ts";
import { escapeHtml } from "../html.ts";
import type { Translate } from "../i18n.ts";
import { encode } from "../keyboards/callback-data.ts";
import { duration, type Reader } from "./agenda.ts";

const timeRange = (visit: Visit, start: number, end: number, lang: Lang) =>
  `${formatTime(start, lang, visit.timezone)}–${formatTime(end, lang, visit.timezone)}`;

/** Meeting point and transport: what a delegate needs in hand before leaving. */
function logistics(e: VisitEvent, r: Reader): string[] {
  const lines: string[] = [];
  if (e.meetingPoint) lines.push(`🤝 <b>${r.t("event.meetingPoint")}:</b> ${escapeHtml(pick(e.meetingPoint, r.lang))}`);
  if (e.transport) lines.push(`🚐 <b>${r.t("event.transport")}:</b> ${escapeHtml(pick(e.transport, r.lang))}`);
  return lines;
}

/** "In 30 minutes: Meeting at the Ministry", with where, how and where to meet. */
export function renderReminder(visit: Visit, e: VisitEvent, r: Reader, now: number) {
  const venue = visit.venues.find((v) => v.id === e.venue);
  const lines = [
    `⏰ <b>${r.t("reminders.startsIn", { duration: duration(e.start - now, r.t) })}</b>`,
    `<b>${escapeHtml(pick(e.title, r.lang))}</b>`,
    `🕒 ${timeRange(visit, e.start, e.end, r.lang)}`,
  ];
  if (venue) lines.push(`📍 ${escapeHtml(pick(venue.name, r.lang))}, ${escapeHtml(pick(venue.address, r.lang))}`);
  lines.push(...logistics(e, r));
  lines.push(`<i>${r.t("agenda.zone", { zone: formatZone(e.start, r.lang, visit.timezone) })}</i>`);
  const keyboard = venue ? new InlineKeyboard().text(`📍 ${r.t("event.showOnMap")}`, encode({ kind: "venue", venueId: venue.id })) : undefined;
  return { html: lines.join("\n"), keyboard };
}

function cardEvent(visit: Visit, e: VisitEvent, r: Reader): string {
  const title = escapeHtml(pick(e.title, r.lang));
  const time = timeRange(visit, e.start, e.end, r.lang);
  if (e.cancelled) return `<s>${time} ${title}</s> — <b>${r.t("agenda.cancelled")}</b>`;
  const venue = visit.venues.find((v) => v.id === e.venue);
  return [`<b>${time}</b> ${title}`, ...(venue ? [`📍 ${escapeHtml(pick(venue.name, r.lang))}`] : []), ...logistics(e, r)].join("\n");
}

export interface CardOptions {
  /** The morning briefing opens with a greeting. */
  greeting?: boolean;
  /** Shown after an edit, so the delegate sees the card is current. */
  updatedAt?: number;
}

/** The delegate's plan for one visit day: the pinned today card and the body of the morning briefing. */
export function renderCard(visit: Visit, date: string, r: Reader, options: CardOptions = {}) {
  const tz = visit.timezone;
  const noon = startOfLocalDay(date, tz) + 12 * 3_600_000;
  const day = visit.days.find((d) => d.date === date);
  const events = eventsOnDate(visit, r.viewer, date);
  const blocks: string[] = [];
  if (options.greeting) blocks.push(`☀️ <b>${r.t("briefing.goodMorning")}</b>`);
  blocks.push(`📌 <b>${r.t("card.title", { date: formatDay(noon, r.lang, tz) })}</b>${day ? `\n<i>${escapeHtml(pick(day.title, r.lang))}</i>` : ""}`);
  blocks.push(...(events.length ? events.map((e) => cardEvent(visit, e, r)) : [r.t("agenda.emptyDay")]));
  const footer = [`<i>${r.t("agenda.zone", { zone: formatZone(noon, r.lang, tz) })}</i>`];
  if (options.updatedAt !== undefined) footer.unshift(`<i>${r.t("card.updated", { time: formatTime(options.updatedAt, r.lang, tz) })}</i>`);
  blocks.push(footer.join("\n"));
  const keyboard = new InlineKeyboard().text(`📅 ${r.t("buttons.today")}`, encode({ kind: "today" }));
  return { html: blocks.join("\n\n"), keyboard };
}

/** The /reminders prompt: the current choice and one button per choice. */
export function renderReminderSetting(current: ReminderMinutes, t: Translate, choices: readonly ReminderMinutes[]) {
  const label = (m: ReminderMinutes) => (m === 0 ? t("reminders.off") : t("reminders.minutes", { minutes: m }));
  const setting = current === 0 ? t("reminders.offLong") : t("reminders.before", { duration: duration(current * 60_000, t) });
  const keyboard = new InlineKeyboard();
  for (const m of choices) keyboard.text(`${m === current ? "✓ " : ""}${label(m)}`, encode({ kind: "remind", minutes: m }));
  return { html: `⏰ ${t("reminders.prompt")}\n\n${t("reminders.now", { setting })}`, keyboard };
}

/** Someone who has not acknowledged an urgent change, as the organizer knows them. */
export interface Unacknowledged {
  name: string;
  groups: string[];
  lang?: Lang;
  unreachable: boolean;
}

const ESCALATION_NAMES = 30;

/** What organizers get when delegates have not acknowledged an urgent change 15 minutes after its notice. */
export function renderEscalation(visit: Visit, change: ScheduleChange, title: string, waiting: Unacknowledged[], lang: Lang, t: Translate): string {
  const kind = change.kinds[0] ?? "note";
  const times = change.kinds.includes("move") || change.kinds.includes("end")
    ? `${timeRange(visit, change.before.start, change.before.end, lang)} → ${timeRange(visit, change.after.start, change.after.end, lang)}`
    : timeRange(visit, change.after.start, change.after.end, lang);
  // A long list would pass Telegram's 4096 characters and the escalation would be lost: name the first ones.
  const shown = waiting.slice(0, ESCALATION_NAMES);
  const people = shown.map((w) => {
    const parts = [escapeHtml(w.name), ...w.groups.map(escapeHtml), ...(w.lang ? [`<code>${w.lang}</code>`] : [])];
    return `• ${parts.join(" · ")}${w.unreachable ? ` — 🚫 ${t("escalation.unreachable")}` : ""}`;
  });
  return [
    `⚠️ <b>${t("escalation.title")}</b>`,
    `<b>${t(`changes.kind.${kind}`)}:</b> ${escapeHtml(title)}\n🕒 ${escapeHtml(formatDay(change.after.start, lang, visit.timezone))}, ${times}`,
    `${t("escalation.waiting", { n: waiting.length })}\n${people.join("\n")}` +
      (waiting.length > shown.length ? `\n${t("escalation.more", { count: waiting.length - shown.length })}` : ""),
  ].join("\n\n");
}
