import type { Language } from "../i18n/config";
import { dayIn, formatter, type CalendarDate } from "./dates";

// Dates as people read them: one style per language, formatters built once (see formatter).
const intlLocale = (language: Language) => (language === "es" ? "es-US" : "en-US");

/** A calendar date (YYYY-MM-DD) shown as written: "31 de diciembre de 2026". */
export function formatDate(day: CalendarDate, language: Language): string {
  const [y, m, d] = day.slice(0, 10).split("-").map(Number);
  return formatter(intlLocale(language), { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** An instant's date in the organization's zone, in the same style as formatDate. */
export function formatDayOf(instant: Date | string | number, language: Language, timeZone: string): string {
  return formatDate(dayIn(instant, timeZone), language);
}

/**
 * An instant shown in the organization's zone, its date in the same style as formatDate (a page
 * showing both reads one way): "31 de diciembre de 2026 a las 6:00 p.m.".
 */
export function formatDateTime(instant: Date | string | number, language: Language, timeZone: string): string {
  return formatter(intlLocale(language), { dateStyle: "long", timeStyle: "short", timeZone }).format(instant instanceof Date ? instant : new Date(instant));
}
