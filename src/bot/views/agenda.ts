// HTML views of the programme: a day, an event's detail, what is on now. Pure: visit + reader in, HTML out.
import { InlineKeyboard } from "grammy";
import { pick, type Lang } from "../../domain/language.ts";
import type { Visit, VisitEvent } from "../../domain/visit.ts";
import { contactVisibleTo, eventsOnDate, nowAndNext, visitDayIndex, type Viewer } from "../../domain/agenda.ts";
import { durationParts, formatDay, formatTime, formatZone, startOfLocalDay } from "../../domain/time.ts";
import { escapeHtml } from "../html.ts";
import type { Translate } from "../i18n.ts";
import { encode } from "../keyboards/callback-data.ts";

export interface Reader {
  lang: Lang;
  t: Translate;
  viewer: Viewer;
}

const timeRange = (visit: Visit, e: VisitEvent, lang: Lang) =>
  `${formatTime(e.start, lang, visit.timezone)}–${formatTime(e.end, lang, visit.timezone)}`;

export function zoneLine(visit: Visit, r: Reader, at: number): string {
  return `<i>${r.t("agenda.zone", { zone: formatZone(at, r.lang, visit.timezone) })}</i>`;
}

function eventLine(visit: Visit, e: VisitEvent, r: Reader): string {
  const venue = visit.venues.find((v) => v.id === e.venue);
  const title = escapeHtml(pick(e.title, r.lang));
  const head = e.cancelled
    ? `<s>${timeRange(visit, e, r.lang)} ${title}</s> — <b>${r.t("agenda.cancelled")}</b>`
    : `<b>${timeRange(visit, e, r.lang)}</b> ${title}`;
  const id = r.viewer.organizer ? ` <code>${escapeHtml(e.id)}</code>` : "";
  const place = venue ? `\n📍 ${escapeHtml(pick(venue.name, r.lang))}` : "";
  return head + id + place;
}

/** One visit day as HTML with buttons to each event and to the other days. */
export function renderDay(visit: Visit, dayIndex: number, r: Reader, now: number) {
  const day = visit.days[dayIndex]!;
  const midday = startOfLocalDay(day.date, visit.timezone) + 12 * 3_600_000;
  const events = eventsOnDate(visit, r.viewer, day.date);
  const header =
    `<b>${r.t("agenda.dayHeader", { n: dayIndex + 1, date: formatDay(midday, r.lang, visit.timezone) })}</b>\n` +
    `<i>${escapeHtml(pick(day.title, r.lang))}</i>`;
  const body = events.length ? events.map((e) => eventLine(visit, e, r)).join("\n\n") : r.t("agenda.emptyDay");
  const html = `${header}\n\n${body}\n\n${zoneLine(visit, r, now)}`;
  const rows = events.map((e) => [
    InlineKeyboard.text(`${formatTime(e.start, r.lang, visit.timezone)} ${shorten(pick(e.title, r.lang), 40)}`, encode({ kind: "event", eventId: e.id })),
  ]);
  rows.push(
    visit.days.map((_, i) =>
      InlineKeyboard.text(i === dayIndex ? `• ${i + 1} •` : r.t("agenda.dayButton", { n: i + 1 }), encode({ kind: "day", day: i })),
    ),
  );
  return { html, keyboard: InlineKeyboard.from(rows) };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The detail of one event: time, venue, dress code, transport, interpreter, contact in charge. */
export function renderEvent(visit: Visit, e: VisitEvent, r: Reader) {
  const { t, lang } = r;
  const venue = visit.venues.find((v) => v.id === e.venue);
  const dayIndex = visitDayIndex(visit, e.start);
  const lines: string[] = [];
  lines.push(`<b>${escapeHtml(pick(e.title, lang))}</b>`);
  if (e.cancelled) lines.push(`❌ <b>${t("agenda.cancelledLong")}</b>`);
  lines.push(`🕒 ${escapeHtml(formatDay(e.start, lang, visit.timezone))}, ${timeRange(visit, e, lang)} (${escapeHtml(formatZone(e.start, lang, visit.timezone))})`);
  if (venue) lines.push(`📍 ${escapeHtml(pick(venue.name, lang))}, ${escapeHtml(pick(venue.address, lang))}`);
  if (e.description) lines.push(`\n${escapeHtml(pick(e.description, lang))}`);
  const field = (icon: string, key: string, value: string | undefined) => {
    if (value) lines.push(`${icon} <b>${t(key)}:</b> ${escapeHtml(value)}`);
  };
  field("👔", "event.dressCode", e.dressCode && pick(e.dressCode, lang));
  field("🚐", "event.transport", e.transport && pick(e.transport, lang));
  field("🤝", "event.meetingPoint", e.meetingPoint && pick(e.meetingPoint, lang));
  // A phone reserved for a narrower audience than the event's is not shown to the others: the name only.
  const person = (id: string | undefined) => {
    const c = visit.contacts.find((x) => x.id === id);
    if (!c) return undefined;
    return contactVisibleTo(visit, c, r.viewer) ? `${pick(c.name, lang)} (${c.phone})` : pick(c.name, lang);
  };
  field("🗣", "event.interpreter", person(e.interpreter));
  field("☎️", "event.contact", person(e.contact));
  field("ℹ️", "event.notes", e.notes && pick(e.notes, lang));
  if (r.viewer.organizer) {
    lines.push(`\n🆔 <code>${escapeHtml(e.id)}</code>`);
    if (e.organizerNotes) lines.push(`🔒 <b>${t("event.organizerNotes")}:</b> ${escapeHtml(e.organizerNotes)}`);
  }
  const keyboard = new InlineKeyboard();
  if (venue) keyboard.text(`📍 ${t("event.showOnMap")}`, encode({ kind: "venue", venueId: venue.id }));
  if (dayIndex >= 0) keyboard.text(`⬅️ ${t("agenda.backToDay", { n: dayIndex + 1 })}`, encode({ kind: "day", day: dayIndex }));
  return { html: lines.join("\n"), keyboard };
}

/** What is on now and next for this reader, with time left / time until. */
export function renderNow(visit: Visit, r: Reader, now: number): string {
  const { t, lang } = r;
  const { current, next } = nowAndNext(visit, r.viewer, now);
  const lines = [`<b>${t("now.header", { time: formatTime(now, lang, visit.timezone) })}</b>`];
  if (current.length === 0) lines.push(t("now.nothing"));
  for (const e of current) {
    lines.push(`▶️ ${eventLine(visit, e, r)}\n⏳ ${t("now.left", { duration: duration(e.end - now, t) })}`);
  }
  if (next) lines.push(`⏭ ${eventLine(visit, next, r)}\n⏰ ${t("now.startsIn", { duration: duration(next.start - now, t) })}`);
  else lines.push(t("now.noMore"));
  lines.push(zoneLine(visit, r, now));
  return lines.join("\n\n");
}

export function duration(ms: number, t: Translate): string {
  const { hours, minutes } = durationParts(ms);
  if (hours === 0) return t("duration.minutes", { count: minutes });
  if (minutes === 0) return t("duration.hours", { count: hours });
  return t("duration.hoursMinutes", { hours, minutes });
}
