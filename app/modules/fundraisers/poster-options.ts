import { z } from "zod";
import type { Language } from "../i18n/config";

export const paperSizes = ["letter", "a4"] as const;
export const posterLanguages = ["en", "es", "both"] as const;
export type PaperSize = (typeof paperSizes)[number];
export type PosterLanguage = (typeof posterLanguages)[number];
export type PosterOptions = { size: PaperSize; language: PosterLanguage };

/** `?size=letter|a4&language=en|es|both`; either may be left out. */
const querySchema = z.object({
  size: z.enum(paperSizes).optional(),
  language: z.enum(posterLanguages).optional(),
});

/**
 * The poster's options from a URL: missing values take the defaults; `null` when a value is
 * present but unknown (the caller decides whether that is a 400 or a fallback).
 */
export function parsePosterOptions(searchParams: URLSearchParams, defaults: PosterOptions): PosterOptions | null {
  const parsed = querySchema.safeParse({
    size: searchParams.get("size") ?? undefined,
    language: searchParams.get("language") ?? undefined,
  });
  if (!parsed.success) return null;
  return { size: parsed.data.size ?? defaults.size, language: parsed.data.language ?? defaults.language };
}

/** Regions where US Letter is the usual paper; elsewhere A4. */
const letterRegions = new Set(["US", "CA", "MX", "PR", "PH", "CL", "CO", "VE", "CR", "GT", "SV", "DO", "PA", "NI", "HN", "BO"]);

/**
 * Letter unless the visitor's first Accept-Language names a region that prints on A4
 * (es-ES, en-GB…): Fondo's hosts are mostly in the Americas, and a bare "es" says nothing.
 */
export function defaultPaperSize(acceptLanguage: string | null): PaperSize {
  const first = acceptLanguage?.split(",")[0]?.split(";")[0]?.trim() ?? "";
  const region = first.split("-")[1]?.toUpperCase();
  if (!region || !/^[A-Z]{2}$/.test(region)) return "letter";
  return letterRegions.has(region) ? "letter" : "a4";
}

export function defaultPosterOptions(visitorLanguage: Language, acceptLanguage: string | null): PosterOptions {
  return { size: defaultPaperSize(acceptLanguage), language: visitorLanguage };
}

/** The languages printed, in order. */
export function posterLanguageList(language: PosterLanguage): Language[] {
  return language === "both" ? ["en", "es"] : [language];
}

export function posterQuery(options: PosterOptions): string {
  return new URLSearchParams({ size: options.size, language: options.language }).toString();
}
