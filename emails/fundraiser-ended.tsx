import { Button, Heading, Link, Section, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import type { Language } from "../app/modules/i18n/config";
import { formatMoney, formatNumber } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import { buttonStyle, EmailLayout } from "./layout";

export type FundraiserEndedProps = {
  lang: Language;
  organizationName: string;
  title: string;
  raisedCents: number;
  gifts: number;
  renewalsFunded: number;
  matchedCents: number;
  matchOwedCents: number;
  /** Where the host pays the match they owe; null when nothing is owed. */
  matchPaymentUrl: string | null;
  dashboardUrl: string;
};

/** The page has ended: a summary, and the match payment link when the host pledged one. */
export function FundraiserEndedEmail(p: FundraiserEndedProps) {
  const t = translator(p.lang);
  const money = (c: number) => formatMoney(c, p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t("fundraiserEmail.ended.subject", { title: p.title })} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t("fundraiserEmail.ended.subject", { title: p.title })}</Heading>
      <Text>{t("fundraiserEmail.ended.body", { organizationName: p.organizationName })}</Text>
      <Section>
        <Text>
          {t("fundraiserEmail.ended.raised")}: {money(p.raisedCents)}
          <br />
          {t("fundraiserEmail.ended.gifts")}: {formatNumber(p.gifts, p.lang)}
          <br />
          {t("fundraiserEmail.ended.renewals")}: {formatNumber(p.renewalsFunded, p.lang)}
          {p.matchedCents > 0 ? (
            <>
              <br />
              {t("fundraiserEmail.ended.matched")}: {money(p.matchedCents)}
            </>
          ) : null}
        </Text>
      </Section>
      {p.matchPaymentUrl ? (
        <>
          <Text>{t("fundraiserEmail.ended.matchDue", { amount: money(p.matchOwedCents) })}</Text>
          <Button href={p.matchPaymentUrl} style={buttonStyle}>
            {t("fundraiserEmail.ended.payMatch")}
          </Button>
          <Text>{t("email.linkFallback")}</Text>
          <Link href={p.matchPaymentUrl}>{p.matchPaymentUrl}</Link>
        </>
      ) : null}
      <Text>
        {t("fundraiserEmail.dashboard")} <Link href={p.dashboardUrl}>{p.dashboardUrl}</Link>
      </Text>
    </EmailLayout>
  );
}

export const fundraiserEndedSubject = (t: TFunction, p: FundraiserEndedProps) => t("fundraiserEmail.ended.subject", { title: p.title });

FundraiserEndedEmail.PreviewProps = {
  lang: "en",
  organizationName: "Fondo Comunitario del Valle",
  title: "Coffee for DACA renewals",
  raisedCents: 166500,
  gifts: 14,
  renewalsFunded: 3,
  matchedCents: 50000,
  matchOwedCents: 50000,
  matchPaymentUrl: "http://localhost:3000/host/fundraisers/1/pay-match",
  dashboardUrl: "http://localhost:3000/host/fundraisers/1",
} satisfies FundraiserEndedProps;

export default FundraiserEndedEmail;
