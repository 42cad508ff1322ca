import { Heading, Section, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { formatMoney } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { EmailLayout } from "./layout";

export type TributeNoticeProps = {
  lang: Language;
  organizationName: string;
  kind: "honor" | "memory";
  honoreeName: string;
  recipientName: string | null;
  donorName: string | null;
  /** The donor's own words: rendered as text, never as markup. */
  message: string | null;
  /** Only when the donor allowed it. */
  amountCents: number | null;
  monthly: boolean;
  campaignTitle: string;
};

/** A fixed text around the few things a donor may choose: names, their message, whether the amount shows. */
export function TributeNoticeEmail(p: TributeNoticeProps) {
  const t = translator(p.lang);
  const donor = p.donorName ?? t("tribute.email.someone");
  const vars = { donor, name: p.honoreeName, organizationName: p.organizationName, campaign: p.campaignTitle };
  return (
    <EmailLayout lang={p.lang} preview={t(`tribute.email.preview_${p.kind}`, vars)} footer={t("tribute.email.footer", vars)}>
      <Heading as="h1">{p.recipientName ? t("tribute.email.greeting", { recipient: p.recipientName }) : t(`tribute.email.heading_${p.kind}`, vars)}</Heading>
      <Text>{t(`tribute.email.body_${p.kind}`, vars)}</Text>
      {p.amountCents !== null ? (
        <Text>{t(p.monthly ? "tribute.email.amountMonthly" : "tribute.email.amount", { amount: formatMoney(p.amountCents, p.lang) })}</Text>
      ) : null}
      {p.message ? (
        <Section>
          <Text>{t("tribute.email.messageIntro", vars)}</Text>
          <Text style={{ whiteSpace: "pre-wrap", borderLeft: "3px solid #ccc", paddingLeft: "12px" }}>{p.message}</Text>
        </Section>
      ) : null}
      <Text>{t("tribute.email.about", vars)}</Text>
    </EmailLayout>
  );
}

export const tributeNoticeSubject = (t: TFunction, p: TributeNoticeProps) => t(`tribute.email.subject_${p.kind}`, { name: p.honoreeName, organizationName: p.organizationName });

TributeNoticeEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  kind: "honor",
  honoreeName: "Doña Rosa",
  recipientName: "Rosa",
  donorName: "Lucía",
  message: "Gracias por enseñarnos a ayudar.",
  amountCents: null,
  monthly: false,
  campaignTitle: "Renovaciones de DACA 2026",
} satisfies TributeNoticeProps;

export default TributeNoticeEmail;
