import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLanguage, i18nConfig, isLanguage, resources, supportedLanguages, type Language } from "./config";

/** Remembers an explicit `?lng=` choice for a year. */
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { ...i18nConfig, resources },
});

export async function getLanguage(request: Request): Promise<Language> {
  const language = await i18nServer.getLocale(request);
  return isLanguage(language) ? language : fallbackLanguage;
}

export async function getT(request: Request) {
  return i18nServer.getFixedT(await getLanguage(request));
}

/** Set-Cookie value when the request carries an explicit `?lng=` choice, else null. */
export async function rememberLanguage(request: Request): Promise<string | null> {
  const choice = new URL(request.url).searchParams.get("lng");
  return isLanguage(choice) ? languageCookie.serialize(choice) : null;
}
