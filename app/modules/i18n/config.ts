import en from "../../locales/en";
import es from "../../locales/es";

export const supportedLanguages = ["en", "es"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "en";

export const resources = { en: { translation: en }, es: { translation: es } } as const;

export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: "translation",
  // A missing Spanish string must show up as a bug, not silently as English (tests check keys).
  returnEmptyString: false,
  interpolation: { escapeValue: false },
};

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "es";
}
