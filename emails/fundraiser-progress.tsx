import { Button, Heading, Link, Text } from "@react-email/components";
import type { TFunction } from "i18next";
import type { Language } from "../app/modules/i18n/config";
import { formatMoney } from "../app/modules/i18n/format";
import { translator } from "../app/modules/i18n/translator";
import { buttonStyle, EmailLayout } from "./layout";

export type FundraiserProgressProps = {
  lang: Language;
  organizationName: string;
  kind: "first_gift" | "half_goal" | "goal";
  title: string;
  raisedCents: number;
  goalCents: number;
  pageUrl: string;
  dashboardUrl: string;
};

/** Milestones of a page: its first gift, half its goal, its whole goal (each sent once). */
export function FundraiserProgressEmail(p: FundraiserProgressProps) {
  const t = translator(p.lang);
  const vars = { title: p.title, raised: formatMoney(p.raisedCents, p.lang), goal: formatMoney(p.goalCents, p.lang) };
  return (
    <EmailLayout lang={p.lang} preview={t(`fundraiserEmail.progress.${p.kind}.subject`, vars)} footer={t("email.footer", { organizationName: p.organizationName })}>
      <Heading as="h1">{t(`fundraiserEmail.progress.${p.kind}.subject`, vars)}</Heading>
      <Text>{t(`fundraiserEmail.progress.${p.kind}.body`, vars)}</Text>
      <Button href={p.pageUrl} style={buttonStyle}>
        {t("fundraiserEmail.viewPage")}
      </Button>
      <Text>
        {t("fundraiserEmail.dashboard")} <Link href={p.dashboardUrl}>{p.dashboardUrl}</Link>
      </Text>
    </EmailLayout>
  );
}

export const fundraiserProgressSubject = (t: TFunction, p: FundraiserProgressProps) =>
  t(`fundraiserEmail.progress.${p.kind}.subject`, { title: p.title, raised: formatMoney(p.raisedCents, p.lang), goal: formatMoney(p.goalCents, p.lang) });

FundraiserProgressEmail.PreviewProps = {
  lang: "es",
  organizationName: "Fondo Comunitario del Valle",
  kind: "half_goal",
  title: "Café para las renovaciones",
  raisedCents: 277500,
  goalCents: 555000,
  pageUrl: "http://localhost:3000/f/cafe-la-esquina",
  dashboardUrl: "http://localhost:3000/host/fundraisers/1",
} satisfies FundraiserProgressProps;

export default FundraiserProgressEmail;
