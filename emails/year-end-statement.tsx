import { Column, Heading, Row, Section, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { formatDate } from "../app/modules/dates/format";
import { formatMoney } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { EmailLayout } from "./layout";

export type StatementGift = { date: string; campaign: string; chargedCents: number; refundedCents: number; reference: string };

export type YearEndStatementProps = {
  lang: Language;
  organizationName: string;
  ein: string | null;
  year: number;
  donorName: string | null;
  gifts: StatementGift[];
  /** Charged minus refunded, over every gift of the year. */
  totalCents: number;
};

export function YearEndStatementEmail(p: YearEndStatementProps) {
  const t = translator(p.lang);
  const money = (c: number) => formatMoney(c, p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t("email.statement.preview", { year: p.year, amount: money(p.totalCents) })} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t("email.statement.heading", { year: p.year })}</Heading>
      <Text>{p.donorName ? t("email.statement.introNamed", { name: p.donorName, organizationName: p.organizationName, year: p.year }) : t("email.statement.intro", { organizationName: p.organizationName, year: p.year })}</Text>
      <Section>
        <Row>
          <Column><strong>{t("email.receipt.date")}</strong></Column>
          <Column><strong>{t("email.statement.campaign")}</strong></Column>
          <Column align="right"><strong>{t("email.statement.amount")}</strong></Column>
        </Row>
        {p.gifts.map((g) => (
          <Row key={g.reference}>
            <Column>{formatDate(g.date, p.lang)}</Column>
            <Column>
              {g.campaign} ({g.reference})
            </Column>
            <Column align="right">
              {money(g.chargedCents - g.refundedCents)}
              {g.refundedCents > 0 ? ` ${t("email.statement.refundedNote", { amount: money(g.refundedCents) })}` : ""}
            </Column>
          </Row>
        ))}
      </Section>
      <Text>
        <strong>
          {t("email.statement.total", { year: p.year })}: {money(p.totalCents)}
        </strong>
      </Text>
      <Text>{p.ein ? t("email.receipt.taxDeductible", { organizationName: p.organizationName, ein: p.ein }) : t("email.receipt.notTaxDeductible")}</Text>
    </EmailLayout>
  );
}

export const yearEndStatementSubject = (t: TFunction, p: YearEndStatementProps) => t("email.statement.subject", { organizationName: p.organizationName, year: p.year });

YearEndStatementEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  ein: "12-3456789",
  year: 2026,
  donorName: "Lucía",
  gifts: [
    { date: "2026-03-02", campaign: "Renovaciones de DACA 2026", chargedCents: 51_010, refundedCents: 0, reference: "3F9A21C0" },
    { date: "2026-06-02", campaign: "Renovaciones de DACA 2026", chargedCents: 2_500, refundedCents: 2_500, reference: "77A1B2C3" },
  ],
  totalCents: 51_010,
} satisfies YearEndStatementProps;

export default YearEndStatementEmail;
