import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatDate } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";

type Match = { pledged: boolean; capCents: number; matchedCents: number; remainingCents: number; startsOn: string; endsOn: string };

/** "Matched by <business>": the pledge, what it has matched and what is left to match. */
export function MatchSummary({ match, businessName, language }: { match: Match; businessName: string; language: Language }) {
  const { t } = useTranslation();
  if (!match.pledged) return null;
  const money = (c: number) => formatMoney(c, language);
  return (
    <div className="match-summary">
      <p>
        <strong>{t("fundraiser.matchedBy", { business: businessName })}</strong>{" "}
        {t("fundraiser.matchTerms", { cap: money(match.capCents), from: formatDate(match.startsOn, language), to: formatDate(match.endsOn, language) })}
      </p>
      <p>
        {t("fundraiser.matchSoFar", { matched: money(match.matchedCents) })} · {t("fundraiser.matchRemaining", { remaining: money(match.remainingCents) })}
      </p>
    </div>
  );
}
