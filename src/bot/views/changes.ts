// The notice a delegate gets about a schedule change: before → after, in their language and script.
import { InlineKeyboard } from "grammy";
import { pick, type Lang, type LocalizedText } from "../../domain/language.ts";
import type { ChangeKind, EventState } from "../../domain/changes.ts";
import type { Visit } from "../../domain/visit.ts";
import { formatDay, formatTime, formatZone } from "../../domain/time.ts";
import { escapeHtml } from "../html.ts";
import type { Translate } from "../i18n.ts";
import { encode } from "../keyboards/callback-data.ts";

export interface ChangePayload {
  changeId: string;
  eventId: string;
  kinds: ChangeKind[];
  title: LocalizedText;
  before: EventState;
  after: EventState;
  /** Venue names at the time of the change (the venue list may change later). */
  venueBefore?: LocalizedText;
  venueAfter?: LocalizedText;
  urgent: boolean;
}

const ICONS: Record<ChangeKind, string> = { move: "🕒", end: "🕒", venue: "📍", cancel: "❌", reinstate: "✅", note: "ℹ️" };

export function renderChangeNotice(p: ChangePayload, visit: Visit, lang: Lang, t: Translate) {
  const tz = visit.timezone;
  const time = (s: EventState) => `${formatTime(s.start, lang, tz)}–${formatTime(s.end, lang, tz)}`;
  const main = p.kinds[0] ?? "note";
  const lines = [
    `${ICONS[main]} <b>${t(`changes.kind.${main}`)}:</b> ${escapeHtml(pick(p.title, lang))}`,
    `${escapeHtml(formatDay(p.after.start, lang, tz))}`,
  ];
  if (p.kinds.includes("move") || p.kinds.includes("end")) lines.push(`🕒 ${time(p.before)} → <b>${time(p.after)}</b>`);
  else if (!p.kinds.includes("cancel")) lines.push(`🕒 ${time(p.after)}`);
  if (p.kinds.includes("venue")) {
    const from = p.venueBefore ? escapeHtml(pick(p.venueBefore, lang)) : "—";
    const to = p.venueAfter ? escapeHtml(pick(p.venueAfter, lang)) : "—";
    lines.push(`📍 ${from} → <b>${to}</b>`);
  } else if (!p.kinds.includes("cancel") && p.venueAfter) {
    lines.push(`📍 ${escapeHtml(pick(p.venueAfter, lang))} (${t("changes.sameVenue")})`);
  }
  if (p.kinds.includes("note") && p.after.notes) lines.push(`ℹ️ ${escapeHtml(pick(p.after.notes, lang))}`);
  if (p.urgent) lines.push(`⚠️ <b>${t("changes.urgent")}</b>`);
  lines.push(`<i>${t("agenda.zone", { zone: formatZone(p.after.start, lang, tz) })}</i>`);
  const keyboard = new InlineKeyboard().text(`✅ ${t("changes.gotIt")}`, encode({ kind: "ack", changeId: p.changeId }));
  return { html: lines.join("\n"), keyboard };
}
