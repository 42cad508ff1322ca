import type { Language } from "./config";

const intlLocale = (language: Language) => (language === "es" ? "es-US" : "en-US");

/** Intl formatters are costly to build: each is built once. Dates are in app/modules/dates. */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: Language, options: Intl.NumberFormatOptions, key: string): Intl.NumberFormat {
  const id = `${language}|${key}`;
  let f = numberFormats.get(id);
  if (!f) numberFormats.set(id, (f = new Intl.NumberFormat(intlLocale(language), options)));
  return f;
}

/** Integer cents to a localized USD amount; whole dollars drop the ".00". */
export function formatMoney(cents: number, language: Language): string {
  const whole = cents % 100 === 0;
  const digits = whole ? 0 : 2;
  return numberFormat(language, { style: "currency", currency: "USD", minimumFractionDigits: digits, maximumFractionDigits: 2 }, `usd${digits}`).format(cents / 100);
}

export function formatNumber(value: number, language: Language): string {
  return numberFormat(language, {}, "number").format(value);
}
