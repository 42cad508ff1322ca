import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import type { Language } from "../app/modules/i18n/config";
import { translator } from "../app/modules/i18n/translator";
import { buttonStyle, EmailLayout } from "./layout";

export type FundraiserUpdateProps = {
  lang: Language;
  organizationName: string;
  kind: "submitted" | "approved" | "rejected" | "revision_submitted" | "revision_approved" | "revision_rejected";
  title: string;
  /** Staff's reason, for a rejection. */
  reason: string | null;
  pageUrl: string;
  dashboardUrl: string;
};

/** The host hears of each review step of their page. */
export function FundraiserUpdateEmail(p: FundraiserUpdateProps) {
  const t = translator(p.lang);
  const live = p.kind === "approved" || p.kind === "revision_approved";
  return (
    <EmailLayout lang={p.lang} preview={t(`fundraiserEmail.update.${p.kind}.subject`, { title: p.title })} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t(`fundraiserEmail.update.${p.kind}.subject`, { title: p.title })}</Heading>
      <Text>{t(`fundraiserEmail.update.${p.kind}.body`, { organizationName: p.organizationName })}</Text>
      {p.reason ? (
        <Text>
          {t("fundraiserEmail.update.reason")}: {p.reason}
        </Text>
      ) : null}
      {live ? (
        <>
          <Button href={p.pageUrl} style={buttonStyle}>
            {t("fundraiserEmail.viewPage")}
          </Button>
          <Text>{t("fundraiserEmail.update.share")}</Text>
        </>
      ) : null}
      <Text>
        {t("fundraiserEmail.dashboard")} <Link href={p.dashboardUrl}>{p.dashboardUrl}</Link>
      </Text>
    </EmailLayout>
  );
}

export const fundraiserUpdateSubject = (t: TFunction, p: FundraiserUpdateProps) => t(`fundraiserEmail.update.${p.kind}.subject`, { title: p.title });

FundraiserUpdateEmail.PreviewProps = {
  lang: "en",
  organizationName: "Fondo Comunitario del Valle",
  kind: "approved",
  title: "Coffee for DACA renewals",
  reason: null,
  pageUrl: "http://localhost:3000/f/cafe-la-esquina",
  dashboardUrl: "http://localhost:3000/host/fundraisers/1",
} satisfies FundraiserUpdateProps;

export default FundraiserUpdateEmail;
