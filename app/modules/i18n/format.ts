import type { Language } from "./config";

const intlLocale = (language: Language) => (language === "es" ? "es-US" : "en-US");

/** Integer cents to a localized USD amount; whole dollars drop the ".00". */
export function formatMoney(cents: number, language: Language): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat(intlLocale(language), {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(intlLocale(language)).format(value);
}

/** A calendar date (YYYY-MM-DD) shown as written, with no timezone shift. */
export function formatDate(isoDate: string, language: Language): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

/** An instant shown in the organization's timezone. */
export function formatDateTime(instant: Date | string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(instant),
  );
}
