import { Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { formatMoney } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { monthName } from "../app/modules/donors/month-name";
import { EmailLayout } from "./layout";

export type ImpactLine = { campaign: string; renewals: number; giftCents: number };
export type ImpactReportProps = {
  lang: Language;
  organizationName: string;
  /** YYYY-MM, in the organization's time zone. */
  month: string;
  lines: ImpactLine[];
  donorPageUrl: string;
  /** Also sent as List-Unsubscribe (RFC 8058 one-click). */
  unsubscribeUrl: string;
};


/** Counts and money only: never a person (DESIGN §3). */
export function ImpactReportEmail(p: ImpactReportProps) {
  const t = translator(p.lang);
  const month = monthName(p.month, p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t("donorEmail.impact.preview", { month })} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t("donorEmail.impact.heading", { month })}</Heading>
      {p.lines.map((line) => (
        <Text key={line.campaign}>
          <strong>{line.campaign}</strong>
          <br />
          {t("donorEmail.impact.renewals", { count: line.renewals })}
          <br />
          {t("donorEmail.impact.yourGifts", { amount: formatMoney(line.giftCents, p.lang) })}
        </Text>
      ))}
      <Text>{t("email.receipt.pool")}</Text>
      <Text>
        <Link href={p.donorPageUrl}>{t("donorEmail.impact.donorPage")}</Link>
      </Text>
      <Text>
        {t("donorEmail.impact.why")} <Link href={p.unsubscribeUrl}>{t("donorEmail.impact.unsubscribe")}</Link>
      </Text>
    </EmailLayout>
  );
}

export const impactReportSubject = (t: TFunction, p: ImpactReportProps) => t("donorEmail.impact.subject", { month: monthName(p.month, p.lang), organizationName: p.organizationName });

ImpactReportEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  month: "2026-11",
  lines: [{ campaign: "Renovaciones DACA 2026", renewals: 7, giftCents: 2500 }],
  donorPageUrl: "http://localhost:3000/donor",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/example",
} satisfies ImpactReportProps;

export default ImpactReportEmail;
