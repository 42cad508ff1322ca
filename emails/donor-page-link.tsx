import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { buttonStyle, EmailLayout } from "./layout";

export type DonorPageLinkProps = { lang: Language; organizationName: string; url: string; minutes: number };

export function DonorPageLinkEmail(p: DonorPageLinkProps) {
  const t = translator(p.lang);
  return (
    <EmailLayout lang={p.lang} preview={t("donorEmail.link.preview")} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t("donorEmail.link.heading")}</Heading>
      <Text>{t("donorEmail.link.body", { minutes: p.minutes })}</Text>
      <Button href={p.url} style={buttonStyle}>
        {t("donorEmail.link.button")}
      </Button>
      <Text>{t("email.linkFallback")}</Text>
      <Link href={p.url}>{p.url}</Link>
      <Text>{t("email.signIn.ignore")}</Text>
    </EmailLayout>
  );
}

export const donorPageLinkSubject = (t: TFunction, p: DonorPageLinkProps) => t("donorEmail.link.subject", { organizationName: p.organizationName });

DonorPageLinkEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  url: "http://localhost:3000/donor/link/example",
  minutes: 60,
} satisfies DonorPageLinkProps;

export default DonorPageLinkEmail;
