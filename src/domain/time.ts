// Time in the visit's zone: converting wall-clock times to instants and formatting instants for a reader.
import { intlLocale, type Lang } from "./language.ts";

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

// formatToParts is the slowest step of rendering a programme (it runs for every event shown), so offsets are
// remembered per quarter hour: time zone transitions fall on quarter hours, and a quarter is cached only when
// both its ends agree (no transition inside it).
const QUARTER_MS = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number>>();

/** Offset of `timeZone` from UTC at `instant`, in minutes (Minsk: +180). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const quarter = Math.floor(instant / QUARTER_MS);
  let cache = offsetCache.get(timeZone);
  if (!cache) offsetCache.set(timeZone, (cache = new Map()));
  const cached = cache.get(quarter);
  if (cached !== undefined) return cached;
  const offset = computeOffset(instant, timeZone);
  const start = quarter * QUARTER_MS;
  if (computeOffset(start, timeZone) === offset && computeOffset(start + QUARTER_MS - 1000, timeZone) === offset) {
    if (cache.size >= 10_000) cache.clear();
    cache.set(quarter, offset);
  }
  return offset;
}

function computeOffset(instant: number, timeZone: string): number {
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

// Every event's date is looked up whenever a day of the programme is shown.
const localDates = new Map<string, Map<number, string>>();

/** The visit-zone calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: number, timeZone: string): string {
  let memo = localDates.get(timeZone);
  if (!memo) localDates.set(timeZone, (memo = new Map()));
  let date = memo.get(instant);
  if (date === undefined) {
    date = new Date(instant + zoneOffsetMinutes(instant, timeZone) * 60_000).toISOString().slice(0, 10);
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(instant, date);
  }
  return date;
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

const FORMATS = {
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  day: { weekday: "long", day: "numeric", month: "long" },
  shortDay: { weekday: "short", day: "numeric", month: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

// The same event times are formatted for every reader who opens the programme, so each formatter remembers
// what it wrote (bounded). Keyed by the format's name, not its serialized options: the key is built every time.
const MEMO_ENTRIES = 5000;
const formatters = new Map<string, { fmt: Intl.DateTimeFormat; memo: Map<number, string> }>();
function format(instant: number, lang: Lang, timeZone: string, kind: keyof typeof FORMATS): string {
  const key = `${kind}|${lang}|${timeZone}`;
  let entry = formatters.get(key);
  if (!entry) {
    entry = { fmt: new Intl.DateTimeFormat(intlLocale(lang), { timeZone, ...FORMATS[kind] }), memo: new Map() };
    formatters.set(key, entry);
  }
  let text = entry.memo.get(instant);
  if (text === undefined) {
    text = entry.fmt.format(instant);
    if (entry.memo.size >= MEMO_ENTRIES) entry.memo.clear();
    entry.memo.set(instant, text);
  }
  return text;
}

/** "10:00" in the visit's zone. */
export function formatTime(instant: number, lang: Lang, timeZone: string): string {
  return format(instant, lang, timeZone, "time");
}

/** "Tuesday, 24 September" in the reader's language. */
export function formatDay(instant: number, lang: Lang, timeZone: string): string {
  return format(instant, lang, timeZone, "day");
}

/** "24 Sep" */
export function formatShortDay(instant: number, lang: Lang, timeZone: string): string {
  return format(instant, lang, timeZone, "shortDay");
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
