import type { Language } from "./config";
import { translator } from "./translator";

/** A page's <title> in the page's language, from a translation key (used by route `meta`). */
export function pageTitle(language: Language | undefined, key: string, params?: Record<string, unknown>): string {
  if (!language) return "Fondo";
  return `${translator(language)(key, params)} · Fondo`;
}

/** A page's <title> in the visitor's language taken from the root loader (routes whose own data has no language). */
export function rootPageTitle(matches: readonly { id: string; data?: unknown }[], key: string): string {
  const root = matches.find((m) => m.id === "root")?.data as { language?: Language } | undefined;
  return pageTitle(root?.language, key);
}
