import { Heading, Link, Section, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { formatDate } from "../app/modules/dates/format";
import { formatMoney } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { monthName } from "../app/modules/donors/month-name";
import { EmailLayout } from "./layout";

export type DonationReceiptProps = {
  lang: Language;
  organizationName: string;
  /** With an EIN the receipt says the gift is tax-deductible. */
  ein: string | null;
  donorName: string | null;
  giftCents: number;
  feeCoverCents: number;
  monthly: boolean;
  date: string;
  reference: string;
  /** Monthly gifts: a signed link to change or cancel the gift. */
  manageUrl?: string | null;
  /** The campaign's latest figure (renewals it paid last month), when there is one. */
  figure?: { month: string; renewals: number } | null;
};

export function DonationReceiptEmail(p: DonationReceiptProps) {
  const t = translator(p.lang);
  const money = (c: number) => formatMoney(c, p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t("email.receipt.preview", { amount: money(p.giftCents + p.feeCoverCents) })} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{p.donorName ? t("email.receipt.headingNamed", { name: p.donorName }) : t("email.receipt.heading")}</Heading>
      <Text>{t(p.monthly ? "email.receipt.bodyMonthly" : "email.receipt.body", { organizationName: p.organizationName })}</Text>
      <Section>
        <Text>
          {t("email.receipt.gift")}: {money(p.giftCents)}
          {p.feeCoverCents > 0 ? (
            <>
              <br />
              {t("email.receipt.cover")}: {money(p.feeCoverCents)}
            </>
          ) : null}
          <br />
          {t("email.receipt.total")}: {money(p.giftCents + p.feeCoverCents)}
          <br />
          {t("email.receipt.date")}: {formatDate(p.date, p.lang)}
          <br />
          {t("email.receipt.reference")}: {p.reference}
        </Text>
      </Section>
      <Text>{p.ein ? t("email.receipt.taxDeductible", { organizationName: p.organizationName, ein: p.ein }) : t("email.receipt.notTaxDeductible")}</Text>
      <Text>{t("email.receipt.pool")}</Text>
      {p.figure && p.figure.renewals > 0 ? <Text>{t("donorEmail.thanksFigure", { count: p.figure.renewals, month: monthName(p.figure.month, p.lang) })}</Text> : null}
      {p.manageUrl ? (
        <Text>
          {t("email.receipt.manage", { donorPage: new URL("/donor", p.manageUrl).href })} <Link href={p.manageUrl}>{p.manageUrl}</Link>
        </Text>
      ) : null}
    </EmailLayout>
  );
}

export const donationReceiptSubject = (t: TFunction, p: DonationReceiptProps) => t("email.receipt.subject", { organizationName: p.organizationName });

DonationReceiptEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  ein: "12-3456789",
  donorName: "Lucía",
  giftCents: 49500,
  feeCoverCents: 1510,
  monthly: false,
  date: "2026-11-25",
  reference: "3F9A21C0",
} satisfies DonationReceiptProps;

export default DonationReceiptEmail;
