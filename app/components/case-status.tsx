import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatDate } from "~/modules/dates/format";

type Status = "submitted" | "in_review" | "approved" | "funded" | "paid" | "rejected" | "withdrawn";
const steps: Status[] = ["submitted", "in_review", "approved", "funded", "paid"];

type Uscis = {
  status: "filed" | "evidence_requested" | "rejected_at_intake" | "decided";
  filedOn: string | null;
  evidenceDueOn: string | null;
  rejectedAtIntakeOn: string | null;
  decision: "approved" | "denied" | null;
  decidedOn: string | null;
};

/** Where a case stands, in friendly words, with the steps so far and what happens next. */
export function CaseStatus(props: {
  language: Language;
  view: { status: Status; queuePosition: number | null; payment: { method: string; paidOn: string } | null; retentionDays: number; oldRetentionRule: boolean; uscis: Uscis | null };
}) {
  const { t } = useTranslation();
  const { status, queuePosition, payment, retentionDays, uscis, oldRetentionRule } = props.view;
  const nextKey = status === "paid" && oldRetentionRule ? "paidOldRule" : status;
  const current = steps.indexOf(status);
  const uscisKey = uscis ? (uscis.status === "decided" ? `decided_${uscis.decision}` : uscis.status) : null;
  return (
    <section aria-labelledby="status">
      <h2 id="status">{t("case.statusTitle")}</h2>
      <p className="lead" data-testid="case-status">
        <strong>{uscisKey ? t(`case.uscis.status.${uscisKey}`) : t(`case.status.${status}`)}</strong>
      </p>
      {queuePosition ? <p>{t("case.position", { position: queuePosition })}</p> : null}
      {payment ? (
        <p>{t("case.paidHow", { date: formatDate(payment.paidOn, props.language), method: t(`disbursementMethod.${payment.method}`) })}</p>
      ) : null}
      {current >= 0 ? (
        <ol aria-label={t("case.stepsLabel")} className="case-steps">
          {steps.map((step, i) => (
            <li key={step} aria-current={i === current && !uscis ? "step" : undefined} className={i <= current ? "done" : undefined}>
              {t(`case.status.${step}`)}
            </li>
          ))}
        </ol>
      ) : null}
      {uscis ? <UscisSteps uscis={uscis} language={props.language} /> : null}
      <h3>{t("case.nextTitle")}</h3>
      <p>{uscisKey ? t(`case.uscis.next.${uscisKey}`, { count: retentionDays, days: retentionDays }) : t(`case.next.${nextKey}`, { count: retentionDays, days: retentionDays })}</p>
    </section>
  );
}

/** USCIS's steps after payment: filed, the detours that happened, and the decision. */
function UscisSteps({ uscis, language }: { uscis: Uscis; language: Language }) {
  const { t } = useTranslation();
  const date = (iso: string | null) => (iso ? formatDate(iso, language) : "");
  const items: { key: string; text: string; current: boolean }[] = [];
  if (uscis.rejectedAtIntakeOn)
    items.push({ key: "intake", text: t("case.uscis.step.rejected_at_intake", { date: date(uscis.rejectedAtIntakeOn) }), current: uscis.status === "rejected_at_intake" });
  if (uscis.filedOn && uscis.status !== "rejected_at_intake")
    items.push({ key: "filed", text: t("case.uscis.step.filed", { date: date(uscis.filedOn) }), current: uscis.status === "filed" });
  if (uscis.status === "evidence_requested" && uscis.evidenceDueOn)
    items.push({ key: "evidence", text: t("case.uscis.step.evidence_requested", { date: date(uscis.evidenceDueOn) }), current: true });
  if (uscis.status === "decided" && uscis.decision)
    items.push({ key: "decided", text: t(`case.uscis.step.decided_${uscis.decision}`, { date: date(uscis.decidedOn) }), current: true });
  return (
    <>
      <h3>{t("case.uscis.title")}</h3>
      <ol aria-label={t("case.uscis.stepsLabel")} className="case-steps" data-testid="uscis-steps">
        {items.map((item) => (
          <li key={item.key} aria-current={item.current ? "step" : undefined} className="done">
            {item.text}
          </li>
        ))}
      </ol>
    </>
  );
}
