import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import { translator } from "../app/modules/i18n/translator";
import type { Language } from "../app/modules/i18n/config";
import { buttonStyle, EmailLayout } from "./layout";

export type SignInLinkProps = { lang: Language; url: string; organizationName: string; minutes: number };

export function SignInLinkEmail({ lang, url, organizationName, minutes }: SignInLinkProps) {
  const t = translator(lang);
  return (
    <EmailLayout lang={lang} preview={t("email.signIn.preview")} footer={t("email.footer", { organizationName })}>
      <Heading as="h1">{t("email.signIn.heading")}</Heading>
      <Text>{t("email.signIn.body", { minutes })}</Text>
      <Button href={url} style={buttonStyle}>
        {t("email.signIn.button")}
      </Button>
      <Text>{t("email.linkFallback")}</Text>
      <Link href={url}>{url}</Link>
      <Text>{t("email.signIn.ignore")}</Text>
    </EmailLayout>
  );
}

export const signInLinkSubject = (t: TFunction, props: SignInLinkProps) =>
  t("email.signIn.subject", { organizationName: props.organizationName });

SignInLinkEmail.PreviewProps = {
  lang: "en",
  url: "http://localhost:3000/sign-in/verify?token=example",
  organizationName: "Fondo Comunitario",
  minutes: 15,
} satisfies SignInLinkProps;

export default SignInLinkEmail;
