import { useTranslation } from "react-i18next";
import type { PublicNeedAhead } from "~/modules/campaigns/need-ahead.server";
import { formatDate } from "~/modules/dates/format";
import type { Language } from "~/modules/i18n/config";
import { formatMoney, formatNumber } from "~/modules/i18n/format";

/** The need ahead on the transparency page: cumulative buckets, small ones hidden (ADR 0026). */
export function NeedAhead({ need, waiting, language }: { need: PublicNeedAhead; waiting: number; language: Language }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="need-ahead-heading">
      <h2 id="need-ahead-heading">{t("needAhead.heading")}</h2>
      <p>{t("needAhead.lead", { count: waiting, waiting: formatNumber(waiting, language) })}</p>
      <ul className="need-ahead">
        {need.buckets.map((b) => {
          const date = formatDate(b.needed_by, language);
          if (!b.published || b.cases_rounded === null || b.needed_cents === null)
            return <li key={b.expiring_within_days}>{t("needAhead.hidden", { date })}</li>;
          const cases = formatNumber(b.cases_rounded, language);
          return (
            <li key={b.expiring_within_days}>
              {b.needed_cents > 0
                ? t("needAhead.needed", { amount: formatMoney(b.needed_cents, language), date, cases })
                : t("needAhead.covered", { date, cases })}
            </li>
          );
        })}
      </ul>
      <p className="hint">{t("needAhead.rule")}</p>
    </section>
  );
}
