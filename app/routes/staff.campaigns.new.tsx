import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignForm } from "~/components/campaign-form";
import { requireAdmin } from "~/modules/auth/guards.server";
import { CampaignError, createCampaign } from "~/modules/campaigns/campaigns.server";
import { parseCampaignForm } from "~/modules/campaigns/form.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.campaigns.new") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return {};
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireAdmin(request);
  const parsed = await parseCampaignForm(request);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  try {
    const campaign = await createCampaign(getDb(), { input: parsed.input, image: parsed.image, actorUserId: session.user.id });
    return redirectWithFlash(`/staff/campaigns/${campaign.id}`, { kind: "success", key: "staff.campaigns.created" });
  } catch (error) {
    if (error instanceof CampaignError && error.field)
      return data(parsed.submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }), { status: 400 });
    throw error;
  }
}

export default function NewCampaign() {
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("staff.campaigns.new")}</h1>
      <CampaignForm lastResult={lastResult} defaultValue={{ feeSource: "schedule" }} submitLabel={t("staff.campaigns.create")} />
    </>
  );
}
