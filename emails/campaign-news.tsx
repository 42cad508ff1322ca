import { Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { EmailLayout } from "./layout";

export type CampaignNewsProps = {
  lang: Language;
  organizationName: string;
  campaignTitle: string;
  /** Staff's words in the donor's language. */
  body: string;
  campaignUrl: string;
  /** Also sent as List-Unsubscribe (RFC 8058 one-click). */
  unsubscribeUrl: string;
};

/** A campaign update to a donor who chose updates (no images: emails load nothing remote). */
export function CampaignNewsEmail(p: CampaignNewsProps) {
  const t = translator(p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t("donorEmail.news.preview", { campaign: p.campaignTitle })} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t("donorEmail.news.heading", { campaign: p.campaignTitle })}</Heading>
      {p.body.split(/\n{2,}/).map((paragraph, i) => (
        <Text key={i}>{paragraph}</Text>
      ))}
      <Text>
        <Link href={p.campaignUrl}>{t("donorEmail.news.campaign")}</Link>
      </Text>
      <Text>
        {t("donorEmail.news.why")} <Link href={p.unsubscribeUrl}>{t("donorEmail.news.unsubscribe")}</Link>
      </Text>
    </EmailLayout>
  );
}

export const campaignNewsSubject = (t: TFunction, p: CampaignNewsProps) => t("donorEmail.news.subject", { campaign: p.campaignTitle });

CampaignNewsEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  campaignTitle: "Renovaciones DACA 2026",
  body: "Este mes pagamos siete renovaciones. Gracias.",
  campaignUrl: "http://localhost:3000/campaigns/daca-renewals-2026",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/example",
} satisfies CampaignNewsProps;

export default CampaignNewsEmail;
