import type { TFunction } from "i18next";
import type { Language } from "../i18n/config";
import { formatDate } from "../dates/format";
import { formatMoney, formatNumber } from "../i18n/format";

/** The printed words of a poster in one language (the host's title and name are printed once). */
export type PosterText = {
  language: Language;
  raisingFor: string;
  goal: string;
  /** The host's match pledge, when there is one still running. */
  match: string | null;
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
  match: { businessName: string; capCents: number; startsOn: string; endsOn: string; started: boolean } | null;
};

export function posterText(t: TFunction, facts: Facts, language: Language): PosterText {
  const fees = formatNumber(facts.goalFees, language);
  const goalFees = t("poster.goal", { count: facts.goalFees, fees });
  return {
    language,
    raisingFor: t("poster.raisingFor", { campaign: facts.campaignTitle[language] }),
    goal: facts.goalCents === null ? goalFees : `${goalFees} · ${formatMoney(facts.goalCents, language)}`,
    match: facts.match
      ? t(facts.match.started ? "poster.matchUntil" : "poster.matchFromTo", {
          business: facts.match.businessName,
          cap: formatMoney(facts.match.capCents, language),
          from: formatDate(facts.match.startsOn, language),
          to: formatDate(facts.match.endsOn, language),
        })
      : null,
    pitch: t("poster.pitch"),
    cta: t("poster.cta"),
    visit: t("poster.visit"),
    giveBy: t("poster.giveBy", { date: formatDate(facts.endsOn, language) }),
    footer: t("poster.footer", { organization: facts.organizationName }),
  };
}
