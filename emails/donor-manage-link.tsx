import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { formatMoney } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { buttonStyle, EmailLayout } from "./layout";

export type DonorManageLinkProps = { lang: Language; organizationName: string; url: string; giftCents: number; hours: number };

export function DonorManageLinkEmail(p: DonorManageLinkProps) {
  const t = translator(p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t("email.manage.preview")} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t("email.manage.heading")}</Heading>
      <Text>{t("email.manage.body", { amount: formatMoney(p.giftCents, p.lang), hours: p.hours })}</Text>
      <Button href={p.url} style={buttonStyle}>
        {t("email.manage.button")}
      </Button>
      <Text>{t("email.linkFallback")}</Text>
      <Link href={p.url}>{p.url}</Link>
      <Text>{t("email.signIn.ignore")}</Text>
    </EmailLayout>
  );
}

export const donorManageLinkSubject = (t: TFunction, p: DonorManageLinkProps) => t("email.manage.subject", { organizationName: p.organizationName });

DonorManageLinkEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  url: "http://localhost:3000/donor/manage/example",
  giftCents: 2500,
  hours: 24,
} satisfies DonorManageLinkProps;

export default DonorManageLinkEmail;
