import type { Language } from "~/modules/i18n/config";

/**
 * The money axis of a chart: guides at round amounts (1, 2 or 5 times a power of ten, whole
 * dollars) from zero to the first guide at or above the largest value, which becomes the top.
 */
export function moneyAxis(maxCents: number, guides = 4): { top: number; ticks: number[] } {
  const rough = Math.max(100, maxCents / guides);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const top = Math.max(step, Math.ceil(maxCents / step) * step);
  return { top, ticks: Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step) };
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A calendar month ("2026-11") in words: "Nov 2026" / "nov 2026" (short) or "November 2026" /
 * "noviembre de 2026" (long). The month is already the organization's (the series groups by its
 * zone), so it is formatted as a calendar date, never shifted again.
 */
export function monthLabel(month: string, language: Language, style: "short" | "long" = "short"): string {
  const key = `${language}:${style}`;
  let format = monthFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === "es" ? "es-US" : "en-US", { month: style, year: "numeric", timeZone: "UTC" });
    monthFormats.set(key, format);
  }
  const [year, monthNumber] = month.split("-").map(Number);
  return format.format(new Date(Date.UTC(year!, monthNumber! - 1, 1)));
}

/** Which of n x-axis labels to print so they never crowd: at most `most`, always the last one. */
export function labelledIndexes(n: number, most = 6): Set<number> {
  const every = Math.max(1, Math.ceil(n / most));
  const shown = new Set<number>();
  for (let i = n - 1; i >= 0; i -= every) shown.add(i);
  return shown;
}
