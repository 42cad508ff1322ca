/**
 * One clock: the organization's. Every "today", every calendar date of an instant and every
 * day/month/year boundary is taken in the organization's time zone, never in UTC (issue 15).
 * Calendar dates are ISO strings (YYYY-MM-DD); instants are Dates. Plain Intl, no library: the
 * zone arithmetic needed here is the offset of a zone at an instant, which Intl gives directly.
 */

export type CalendarDate = string;

/** Until an admin chooses one in the settings. */
export const DEFAULT_TIME_ZONE = "America/Los_Angeles";

/** Intl formatters are costly to build: each is built once per locale, style and zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

const toDate = (instant: Date | string | number) => (instant instanceof Date ? instant : new Date(instant));

/** The calendar date of an instant where the organization is. */
export function dayIn(instant: Date | string | number, timeZone: string): CalendarDate {
  return formatter("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(toDate(instant));
}

/** Today's date where the organization is (an applicant near midnight sees their own day). */
export function todayIn(timeZone: string, now: Date = new Date()): CalendarDate {
  return dayIn(now, timeZone);
}

/** Minutes the zone is ahead of UTC at an instant (-480 for Los Angeles in winter). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatter("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a calendar date begins in the zone (the first moment that exists, across DST). */
export function startOfDay(day: CalendarDate, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  const wall = Date.UTC(y!, m! - 1, d!);
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/**
 * A calendar date held as midnight UTC, written back as YYYY-MM-DD. Only for arithmetic on dates
 * that already are the organization's: UTC here is a counting device, never a clock.
 */
function calendarDateOf(d: Date): CalendarDate {
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

/** Calendar arithmetic on dates, free of any zone. */
export function addDays(day: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return calendarDateOf(d);
}

/** The same calendar day one year later (29 February → 1 March). */
export function addYears(day: CalendarDate, years: number): CalendarDate {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return calendarDateOf(d);
}

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return calendarDateOf(new Date(Date.UTC(y!, m! - 2, 1))).slice(0, 7);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type Range = { start: Date; end: Date };

/** The instants of the zone's days `from`..`to` inclusive: [start, end). */
export function daysRange(from: CalendarDate, to: CalendarDate, timeZone: string): Range {
  return { start: startOfDay(from, timeZone), end: startOfDay(addDays(to, 1), timeZone) };
}

/** A month (YYYY-MM) in the zone as [start, end). */
export function monthRange(month: string, timeZone: string): Range {
  const [y, m] = month.split("-").map(Number);
  const next = m === 12 ? `${y! + 1}-01` : `${y}-${String(m! + 1).padStart(2, "0")}`;
  return { start: startOfDay(`${month}-01`, timeZone), end: startOfDay(`${next}-01`, timeZone) };
}

/** A calendar year in the zone as [start, end): what a year-end statement counts. */
export function yearRange(year: number, timeZone: string): Range {
  return { start: startOfDay(`${year}-01-01`, timeZone), end: startOfDay(`${year + 1}-01-01`, timeZone) };
}

/** The calendar year of an instant where the organization is. */
export function yearIn(instant: Date | string | number, timeZone: string): number {
  return Number(dayIn(instant, timeZone).slice(0, 4));
}

/** An instant as ISO 8601 in the zone with its offset: 2026-12-31T18:00:00-08:00 (CSV timestamps). */
export function isoInZone(instant: Date | string | number, timeZone: string): string {
  const at = toDate(instant);
  const offset = offsetMinutes(at, timeZone);
  // The zone's wall clock, held as a UTC instant so it can be written out field by field.
  const w = new Date(Math.floor(at.getTime() / 1000) * 1000 + offset * 60_000);
  const two = (n: number) => String(n).padStart(2, "0");
  const wall = `${calendarDateOf(w)}T${two(w.getUTCHours())}:${two(w.getUTCMinutes())}:${two(w.getUTCSeconds())}`;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
