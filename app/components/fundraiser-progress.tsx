import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatMoney, formatNumber } from "~/modules/i18n/format";

/**
 * A business page's progress: the bar moves with every dollar toward the goal in dollars (the
 * goal in renewals × the campaign's fee today), and says how many whole renewals that pays for.
 * (The campaign's own thermometer counts renewals funded from the pool instead.)
 */
export function FundraiserProgress(props: { raisedCents: number; goalFees: number; feeCents: number | null; language: Language }) {
  const { t } = useTranslation();
  const { raisedCents, goalFees, feeCents, language } = props;
  const money = (c: number) => formatMoney(c, language);
  const goalCents = feeCents ? goalFees * feeCents : null;
  const moneyLine = goalCents
    ? t("fundraiser.progressMoney", { raised: money(raisedCents), goal: money(goalCents) })
    : t("campaign.raised", { amount: money(raisedCents) });
  const renewalsLine = feeCents
    ? t("fundraiser.progressRenewals", { funded: formatNumber(Math.floor(raisedCents / feeCents), language), goal: formatNumber(goalFees, language) })
    : t("fundraiser.progressGoalFees", { goal: formatNumber(goalFees, language) });
  return (
    <div className="thermometer">
      <p className="thermometer-figure">{moneyLine}</p>
      {goalCents ? <progress max={goalCents} value={Math.min(raisedCents, goalCents)} aria-label={`${moneyLine}, ${renewalsLine}`} /> : null}
      <p>{renewalsLine}</p>
    </div>
  );
}
