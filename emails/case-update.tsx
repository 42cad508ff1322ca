import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { formatDate } from "../app/modules/dates/format";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { buttonStyle, EmailLayout } from "./layout";

export type CaseEvent =
  | "received"
  | "in_review"
  | "approved"
  | "funded"
  | "paid"
  | "rejected"
  | "info_requested"
  | "withdrawn"
  | "link"
  | "filed"
  | "evidence_requested"
  | "evidence_reminder"
  | "uscis_approved"
  | "uscis_denied"
  | "rejected_at_intake";

/**
 * Every email to an applicant. Its row in the outbox is sealed (encrypted, erased once sent), and
 * its subject is neutral: nothing about immigration is visible in an inbox list.
 */
export type CaseUpdateProps = {
  lang: Language;
  event: CaseEvent;
  organizationName: string;
  name: string;
  reference: string;
  /** A fresh single-use link to the case page. */
  url: string;
  hours: number;
  queuePosition?: number | null;
  paymentMethod?: string | null;
  paidOn?: string | null;
  message?: string | null;
  /** The date a USCIS step is about (filing, evidence deadline, decision). */
  eventDate?: string | null;
};

export function CaseUpdateEmail(p: CaseUpdateProps) {
  const t = translator(p.lang);
  const body = t(`caseEmail.body.${p.event}`, {
    organizationName: p.organizationName,
    position: p.queuePosition ?? "",
    method: p.paymentMethod ? t(`disbursementMethod.${p.paymentMethod}`) : "",
    date: p.eventDate ? formatDate(p.eventDate, p.lang) : p.paidOn ? formatDate(p.paidOn, p.lang) : "",
  });
  return (
    <EmailLayout lang={p.lang} preview={t("caseEmail.preview")} footer={t("caseEmail.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t("caseEmail.greeting", { name: p.name })}</Heading>
      <Text>{body}</Text>
      {p.message ? (
        <>
          <Text>{t("caseEmail.messageIntro")}</Text>
          <Text style={{ borderLeft: "3px solid #1f4d3a", paddingLeft: "12px", whiteSpace: "pre-wrap" }}>{p.message}</Text>
        </>
      ) : null}
      <Text>{t("caseEmail.reference", { reference: p.reference })}</Text>
      <Button href={p.url} style={buttonStyle}>
        {t("caseEmail.button")}
      </Button>
      <Text>{t("caseEmail.linkFallback")}</Text>
      <Link href={p.url}>{p.url}</Link>
      <Text>{t("caseEmail.linkNote", { hours: p.hours })}</Text>
      <Text>{t("caseEmail.privacy")}</Text>
    </EmailLayout>
  );
}

/** Neutral subjects only: the organization's name and a plain word. */
export const caseUpdateSubject = (t: TFunction, p: CaseUpdateProps) => {
  const kind = p.event === "received" ? "received" : p.event === "link" ? "link" : p.event === "info_requested" ? "question" : "update";
  return t(`caseEmail.subject.${kind}`, { organizationName: p.organizationName });
};

CaseUpdateEmail.PreviewProps = {
  lang: "es",
  event: "approved",
  organizationName: "Fondo Comunitario del Valle",
  name: "Ana",
  reference: "F-7KQ2M9XA",
  url: "http://localhost:3000/case/example",
  hours: 72,
  queuePosition: 3,
} satisfies CaseUpdateProps;

export default CaseUpdateEmail;
