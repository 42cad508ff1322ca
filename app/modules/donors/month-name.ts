import type { Language } from "../i18n/config";

/** "November 2026" / "noviembre de 2026" for a YYYY-MM month (already in the organization's zone). */
export const monthName = (month: string, lang: Language) =>
  new Intl.DateTimeFormat(lang === "es" ? "es-US" : "en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-15T12:00:00Z`));
