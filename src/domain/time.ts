// Time in the visit's zone: converting wall-clock times to instants and formatting instants for a reader.
import { intlLocale, type Lang } from "./language.ts";

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `instant`, in minutes (Minsk: +180). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Parses "2024-09-24T10:00" as wall-clock time in `timeZone`, or an ISO string with its own offset.
 * Returns undefined for anything else.
 */
export function parseVisitTime(value: string, timeZone: string): number | undefined {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) {
    if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(value)) return undefined;
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +(s ?? 0));
  if (+mo! > 12 || +d! > 31 || +h! > 23 || +mi! > 59) return undefined;
  // Two passes settle the offset even across a DST change.
  let instant = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(instant, timeZone) * 60_000;
  return instant;
}

/** The visit-zone calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: number, timeZone: string): string {
  return new Date(instant + zoneOffsetMinutes(instant, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** The instant of midnight starting `date` in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): number {
  return parseVisitTime(`${date}T00:00`, timeZone)!;
}

/** ISO 8601 with the zone's offset, e.g. 2024-09-24T10:00:00+03:00 (stable output for tools). */
export function isoWithOffset(instant: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(instant, timeZone);
  const local = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(intlLocale(lang), { timeZone, ...options });
    formatters.set(key, fmt);
  }
  return fmt;
}

/** "10:00" in the visit's zone. */
export function formatTime(instant: number, lang: Lang, timeZone: string): string {
  return formatter(lang, timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/** "Tuesday, 24 September" in the reader's language. */
export function formatDay(instant: number, lang: Lang, timeZone: string): string {
  return formatter(lang, timeZone, { weekday: "long", day: "numeric", month: "long" }).format(instant);
}

/** "24 Sep" */
export function formatShortDay(instant: number, lang: Lang, timeZone: string): string {
  return formatter(lang, timeZone, { weekday: "short", day: "numeric", month: "short" }).format(instant);
}

/** The zone's name as the reader would say it, e.g. "Minsk" / "Минск" plus the UTC offset. */
export function formatZone(instant: number, lang: Lang, timeZone: string): string {
  const city = timeZone.split("/").pop()!.replace(/_/g, " ");
  const offset = zoneOffsetMinutes(instant, timeZone);
  const sign = offset < 0 ? "−" : "+";
  const hours = Math.floor(Math.abs(offset) / 60);
  const mins = Math.abs(offset) % 60;
  const utc = `UTC${sign}${hours}${mins ? `:${String(mins).padStart(2, "0")}` : ""}`;
  return `${cityName(city, lang)}, ${utc}`;
}

const CITY_NAMES: Record<string, Partial<Record<Lang, string>>> = {
  Minsk: { ru: "Минск", "sr-Cyrl": "Минск", "sr-Latn": "Minsk" },
  Belgrade: { ru: "Белград", "sr-Cyrl": "Београд", "sr-Latn": "Beograd" },
  Moscow: { ru: "Москва", "sr-Cyrl": "Москва", "sr-Latn": "Moskva" },
};
function cityName(city: string, lang: Lang): string {
  return CITY_NAMES[city]?.[lang] ?? city;
}

/** Minutes as "1 h 05 min"-like duration is localized by the caller; this gives the parts. */
export function durationParts(ms: number): { hours: number; minutes: number } {
  const total = Math.max(0, Math.round(ms / 60_000));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
