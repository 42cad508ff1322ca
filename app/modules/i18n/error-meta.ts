import { isRouteErrorResponse } from "@remix-run/react";
import { isLanguage, resources } from "./config";

type RootLike = { language?: string; organization?: { name: string } } | undefined;

/** A translated <title> for error pages (404, 403, 429, 500) in the visitor's language. */
export function errorPageMeta(error: unknown, root: RootLike) {
  const language = isLanguage(root?.language) ? root.language : "en";
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? "page404" : status === 403 ? "page403" : status === 429 ? "page429" : "page500";
  const title = resources[language].translation.errors[key].title;
  return [{ title: `${title} · ${root?.organization?.name ?? "Fondo"}` }];
}

export function rootData(matches: { id: string; data: unknown }[]): RootLike {
  return matches.find((m) => m.id === "root")?.data as RootLike;
}
