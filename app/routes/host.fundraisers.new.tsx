import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FundraiserForm } from "~/components/fundraiser-form";
import { requireHost } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { organizationToday } from "~/modules/organization/clock.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { createFundraiser, FundraiserError } from "~/modules/fundraisers/fundraisers.server";
import { findHostProfile } from "~/modules/fundraisers/hosts.server";
import { campaignChoices } from "~/modules/fundraisers/load.server";
import { fundraiserSchema } from "~/modules/fundraisers/schema";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { pageTitle } from "~/modules/i18n/page-title";
import { parseForm } from "~/modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.language, "host.pageTitles.new") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireHost(request);
  if (!(await findHostProfile(getDb(), session.user.id))) throw redirect("/host/profile");
  const language = await getLanguage(request);
  return data({ language, campaigns: await campaignChoices(language), today: await organizationToday(getDb()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireHost(request);
  const submission = await parseForm(request, { schema: fundraiserSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const created = await createFundraiser(getDb(), { hostUserId: session.user.id, input: submission.value });
    return redirectWithFlash(`/host/fundraisers/${created.id}/edit`, { kind: "success", key: "host.form.created" });
  } catch (error) {
    if (error instanceof FundraiserError)
      return data(submission.reply(error.field ? { fieldErrors: { [error.field]: [error.messageKey] } } : { formErrors: [error.messageKey] }), { status: 400 });
    throw error;
  }
}

export default function NewFundraiser() {
  const { campaigns, language, today: start } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("host.form.newTitle")}</h1>
      <p>{t("host.form.newIntro")}</p>
      <FundraiserForm
        lastResult={lastResult}
        campaigns={campaigns}
        language={language}
        submitLabel={t("host.form.saveDraft")}
        defaultValue={{ campaignId: campaigns.length === 1 ? campaigns[0]!.id : "", goalFees: "3", startsOn: start }}
      />
    </>
  );
}
