import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { buttonStyle, EmailLayout } from "./layout";

/**
 * An applicant's change of address: `confirm` goes to the new address with the single-use link,
 * `notice` to the old one once the change took effect. Both are sealed in the outbox like every
 * email to an applicant; subjects and wording say nothing about what the person asked us for.
 */
export type EmailChangeProps = {
  lang: Language;
  kind: "confirm" | "notice";
  organizationName: string;
  name: string;
  /** The confirmation link (confirm only). */
  url?: string | null;
  hours?: number | null;
  contactEmail?: string | null;
};

export function EmailChangeEmail(p: EmailChangeProps) {
  const t = translator(p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t(`emailChange.${p.kind}.preview`)} footer={t("emailChange.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t("caseEmail.greeting", { name: p.name })}</Heading>
      {p.kind === "confirm" && p.url ? (
        <>
          <Text>{t("emailChange.confirm.body", { organizationName: p.organizationName })}</Text>
          <Button href={p.url} style={buttonStyle}>
            {t("emailChange.confirm.button")}
          </Button>
          <Text>{t("caseEmail.linkFallback")}</Text>
          <Link href={p.url}>{p.url}</Link>
          <Text>{t("emailChange.confirm.linkNote", { hours: p.hours ?? 24 })}</Text>
          <Text>{t("emailChange.confirm.ignore")}</Text>
        </>
      ) : (
        <>
          <Text>{t("emailChange.notice.body", { organizationName: p.organizationName })}</Text>
          <Text>{p.contactEmail ? t("emailChange.notice.notYouContact", { contactEmail: p.contactEmail }) : t("emailChange.notice.notYou")}</Text>
        </>
      )}
    </EmailLayout>
  );
}

/** Neutral subjects only: the organization's name and a plain phrase about an email address. */
export const emailChangeSubject = (t: TFunction, p: EmailChangeProps) => t(`emailChange.${p.kind}.subject`, { organizationName: p.organizationName });

EmailChangeEmail.PreviewProps = {
  lang: "es",
  kind: "confirm",
  organizationName: "Fondo Comunitario del Valle",
  name: "Ana",
  url: "http://localhost:3000/case/email/example",
  hours: 24,
} satisfies EmailChangeProps;

export default EmailChangeEmail;
