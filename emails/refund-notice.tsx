import { Heading, Section, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { formatDate } from "../app/modules/dates/format";
import { formatMoney } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { EmailLayout } from "./layout";

export type RefundNoticeProps = {
  lang: Language;
  organizationName: string;
  donorName: string | null;
  /** This refund. */
  refundCents: number;
  /** What the card was charged for the gift (gift + any fee cover). */
  chargedCents: number;
  /** Refunded so far, this refund included. */
  refundedTotalCents: number;
  date: string;
  reference: string;
};

export function RefundNoticeEmail(p: RefundNoticeProps) {
  const t = translator(p.lang);
  const money = (c: number) => formatMoney(c, p.lang);
  const full = p.refundedTotalCents >= p.chargedCents;
  return (
    <EmailLayout lang={p.lang} preview={t("email.refund.preview", { amount: money(p.refundCents) })} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{p.donorName ? t("email.refund.headingNamed", { name: p.donorName }) : t("email.refund.heading")}</Heading>
      <Text>{t(full ? "email.refund.bodyFull" : "email.refund.bodyPartial", { amount: money(p.refundCents), organizationName: p.organizationName })}</Text>
      <Section>
        <Text>
          {t("email.refund.refunded")}: {money(p.refundCents)}
          <br />
          {t("email.refund.charged")}: {money(p.chargedCents)}
          {!full ? (
            <>
              <br />
              {t("email.refund.kept")}: {money(p.chargedCents - p.refundedTotalCents)}
            </>
          ) : null}
          <br />
          {t("email.receipt.date")}: {formatDate(p.date, p.lang)}
          <br />
          {t("email.receipt.reference")}: {p.reference}
        </Text>
      </Section>
      <Text>{t("email.refund.timing")}</Text>
    </EmailLayout>
  );
}

export const refundNoticeSubject = (t: TFunction, p: RefundNoticeProps) => t("email.refund.subject", { organizationName: p.organizationName });

RefundNoticeEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  donorName: "Lucía",
  refundCents: 2500,
  chargedCents: 5000,
  refundedTotalCents: 2500,
  date: "2026-11-25",
  reference: "3F9A21C0",
} satisfies RefundNoticeProps;

export default RefundNoticeEmail;
