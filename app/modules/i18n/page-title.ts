import type { Language } from "./config";
import { translator } from "./translator";

/** A page's <title> in the page's language, from a translation key (used by route `meta`). */
export function pageTitle(language: Language | undefined, key: string, params?: Record<string, unknown>): string {
  if (!language) return "Fondo";
  return `${translator(language)(key, params)} · Fondo`;
}
