import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { buttonStyle, EmailLayout } from "./layout";

export type StaffInviteProps = {
  lang: Language;
  url: string;
  organizationName: string;
  role: "admin" | "reviewer" | "host";
  days: number;
};

export function StaffInviteEmail({ lang, url, organizationName, role, days }: StaffInviteProps) {
  const t = translator(lang);
  return (
    <EmailLayout lang={lang} preview={t("email.invite.preview")} footer={t("email.footer", { organizationName })}>
      <Heading as="h1">{t("email.invite.heading", { organizationName })}</Heading>
      <Text>{t("email.invite.body", { role: t(`roles.${role}`), days })}</Text>
      <Button href={url} style={buttonStyle}>
        {t("email.invite.button")}
      </Button>
      <Text>{t("email.linkFallback")}</Text>
      <Link href={url}>{url}</Link>
    </EmailLayout>
  );
}

export const staffInviteSubject = (t: TFunction, props: StaffInviteProps) =>
  t("email.invite.subject", { organizationName: props.organizationName });

StaffInviteEmail.PreviewProps = {
  lang: "es",
  url: "http://localhost:3000/sign-in/verify?token=example",
  organizationName: "Fondo Comunitario",
  role: "reviewer",
  days: 7,
} satisfies StaffInviteProps;

export default StaffInviteEmail;
