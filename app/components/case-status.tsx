import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatDate } from "~/modules/i18n/format";

type Status = "submitted" | "in_review" | "approved" | "funded" | "paid" | "rejected" | "withdrawn";
const steps: Status[] = ["submitted", "in_review", "approved", "funded", "paid"];

/** Where a case stands, in friendly words, with the steps so far and what happens next. */
export function CaseStatus(props: {
  language: Language;
  view: { status: Status; queuePosition: number | null; payment: { method: string; paidOn: string } | null; retentionDays: number };
}) {
  const { t } = useTranslation();
  const { status, queuePosition, payment, retentionDays } = props.view;
  const current = steps.indexOf(status);
  return (
    <section aria-labelledby="status">
      <h2 id="status">{t("case.statusTitle")}</h2>
      <p className="lead" data-testid="case-status">
        <strong>{t(`case.status.${status}`)}</strong>
      </p>
      {queuePosition ? <p>{t("case.position", { position: queuePosition })}</p> : null}
      {payment ? (
        <p>{t("case.paidHow", { date: formatDate(payment.paidOn, props.language), method: t(`disbursementMethod.${payment.method}`) })}</p>
      ) : null}
      {current >= 0 ? (
        <ol aria-label={t("case.stepsLabel")} className="case-steps">
          {steps.map((step, i) => (
            <li key={step} aria-current={i === current ? "step" : undefined} className={i <= current ? "done" : undefined}>
              {t(`case.status.${step}`)}
            </li>
          ))}
        </ol>
      ) : null}
      <h3>{t("case.nextTitle")}</h3>
      <p>{t(`case.next.${status}`, { days: retentionDays })}</p>
    </section>
  );
}
