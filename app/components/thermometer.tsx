import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "~/modules/i18n/format";
import type { Language } from "~/modules/i18n/config";

/** "N of M renewals funded", with the money raised; a native <progress> for assistive tech. */
export function Thermometer(props: { feesFunded: number; goalFees: number; raisedCents: number; feeCents: number | null; language: Language }) {
  const { t } = useTranslation();
  const { feesFunded, goalFees, raisedCents, feeCents, language } = props;
  const label = t("campaign.feesFunded", { funded: formatNumber(feesFunded, language), goal: formatNumber(goalFees, language) });
  return (
    <div className="thermometer">
      <p className="thermometer-figure">{label}</p>
      <progress max={goalFees} value={Math.min(feesFunded, goalFees)} aria-label={label} />
      <p>
        {t("campaign.raised", { amount: formatMoney(raisedCents, language) })}
        {feeCents ? (
          <>
            {" · "}
            {t("campaign.goalMoney", { amount: formatMoney(goalFees * feeCents, language) })}
          </>
        ) : null}
      </p>
    </div>
  );
}
