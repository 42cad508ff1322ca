import type { TFunction } from "i18next";
import type { Language } from "../i18n/config";
import { formatDate, formatMoney, formatNumber } from "../i18n/format";

/** The printed words of a poster in one language (the host's title and name are printed once). */
export type PosterText = {
  language: Language;
  raisingFor: string;
  goal: string;
  pitch: string;
  cta: string;
  visit: string;
  giveBy: string;
  footer: string;
};

type Facts = {
  goalFees: number;
  goalCents: number | null;
  endsOn: string;
  campaignTitle: { en: string; es: string };
  organizationName: string;
};

export function posterText(t: TFunction, facts: Facts, language: Language): PosterText {
  const fees = formatNumber(facts.goalFees, language);
  const goalFees = facts.goalFees === 1 ? t("poster.goalOne", { fees }) : t("poster.goalMany", { fees });
  return {
    language,
    raisingFor: t("poster.raisingFor", { campaign: facts.campaignTitle[language] }),
    goal: facts.goalCents === null ? goalFees : `${goalFees} · ${formatMoney(facts.goalCents, language)}`,
    pitch: t("poster.pitch"),
    cta: t("poster.cta"),
    visit: t("poster.visit"),
    giveBy: t("poster.giveBy", { date: formatDate(facts.endsOn, language) }),
    footer: t("poster.footer", { organization: facts.organizationName }),
  };
}
