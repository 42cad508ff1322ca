import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { formatMoney } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { buttonStyle, EmailLayout } from "./layout";

export type MonthlyPaymentFailedProps = {
  lang: Language;
  organizationName: string;
  donorName: string | null;
  amountCents: number;
  /** Signed link to Stripe's customer portal, where the donor updates the card or cancels. */
  manageUrl: string;
};

export function MonthlyPaymentFailedEmail(p: MonthlyPaymentFailedProps) {
  const t = translator(p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t("email.paymentFailed.preview")} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{p.donorName ? t("email.paymentFailed.headingNamed", { name: p.donorName }) : t("email.paymentFailed.heading")}</Heading>
      <Text>{t("email.paymentFailed.body", { amount: formatMoney(p.amountCents, p.lang), organizationName: p.organizationName })}</Text>
      <Button href={p.manageUrl} style={buttonStyle}>
        {t("email.paymentFailed.button")}
      </Button>
      <Text>{t("email.linkFallback")}</Text>
      <Link href={p.manageUrl}>{p.manageUrl}</Link>
      <Text>{t("email.paymentFailed.retry", { donorPage: new URL("/donor", p.manageUrl).href })}</Text>
    </EmailLayout>
  );
}

export const monthlyPaymentFailedSubject = (t: TFunction, p: MonthlyPaymentFailedProps) => t("email.paymentFailed.subject", { organizationName: p.organizationName });

MonthlyPaymentFailedEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  donorName: "Lucía",
  amountCents: 2500,
  manageUrl: "http://localhost:3000/donor/manage/example",
} satisfies MonthlyPaymentFailedProps;

export default MonthlyPaymentFailedEmail;
