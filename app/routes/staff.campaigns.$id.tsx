import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignForm } from "~/components/campaign-form";
import { requireAdmin, requireStaff } from "~/modules/auth/guards.server";
import {
  CampaignError,
  changeCampaignStatus,
  findCampaignById,
  getCampaignTotals,
  updateCampaign,
} from "~/modules/campaigns/campaigns.server";
import { parseCampaignForm } from "~/modules/campaigns/form.server";
import { campaignActionSchema } from "~/modules/campaigns/schema";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { formatMoney } from "~/modules/i18n/format";
import { readForm } from "~/modules/forms/read-form.server";
import { foundOr404 } from "~/modules/http/found.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.campaigns.edit") }];

const loadCampaign = (id: string | undefined) => foundOr404(id, (found) => findCampaignById(getDb(), found));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  const campaign = await loadCampaign(params.id);
  return {
    language: await getLanguage(request),
    canEdit: session.user.role === "admin",
    campaign,
    totals: await getCampaignTotals(getDb(), campaign.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireAdmin(request);
  const campaign = await loadCampaign(params.id);
  const url = `/staff/campaigns/${campaign.id}`;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const parsed = await parseCampaignForm(request);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    try {
      await updateCampaign(getDb(), { id: campaign.id, input: parsed.input, image: parsed.image, actorUserId: session.user.id });
    } catch (error) {
      if (error instanceof CampaignError && error.field)
        return data(parsed.submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }), { status: 400 });
      throw error;
    }
    return redirectWithFlash(url, { kind: "success", key: "staff.campaigns.saved" });
  }
  const parsed = campaignActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  try {
    await changeCampaignStatus(getDb(), { id: campaign.id, intent: parsed.data.intent, actorUserId: session.user.id });
  } catch (error) {
    if (error instanceof CampaignError) return redirectWithFlash(url, { kind: "error", key: error.messageKey });
    throw error;
  }
  const done = { publish: "published", close: "closedFlash", reopen: "reopened" } as const;
  return redirectWithFlash(url, { kind: "success", key: `staff.campaigns.${done[parsed.data.intent]}` });
}

export default function EditCampaign() {
  const { campaign, totals, canEdit, language } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const title = language === "es" ? campaign.titleEs : campaign.titleEn;
  return (
    <>
      <h1>{title}</h1>
      <p>
        <span className={`badge ${campaign.status}`}>{t(`campaignStatus.${campaign.status}`)}</span>{" "}
        {campaign.status !== "draft" ? <Link to={`/campaigns/${campaign.slug}`}>{t("staff.campaigns.viewPublic")}</Link> : null}
      </p>
      <p className="actions">
        <Link className="button secondary" to={`/staff/campaigns/${campaign.id}/requests`}>
          {t("staff.campaigns.requests")}
        </Link>
        <Link className="button secondary" to={`/staff/campaigns/${campaign.id}/donations`}>
          {t("staff.campaigns.donations")}
        </Link>
        <Link className="button secondary" to={`/staff/campaigns/${campaign.id}/ledger`}>
          {t("staff.campaigns.ledger")}
        </Link>
        <Link className="button secondary" to={`/staff/campaigns/${campaign.id}/updates`}>
          {t("campaignUpdates.title")}
        </Link>
        {campaign.status !== "draft" ? (
          <Link className="button secondary" to={`/campaigns/${campaign.slug}/transparency`}>
            {t("staff.campaigns.transparency")}
          </Link>
        ) : null}
      </p>
      <p>
        {t("campaign.raised", { amount: formatMoney(totals.raisedCents, language) })} ·{" "}
        {t("campaign.figures.available")}: {formatMoney(totals.poolAvailableCents, language)}
      </p>
      {canEdit ? (
        <>
          <div className="actions">
            {campaign.status === "draft" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="publish" />
                <button type="submit" className="button">
                  {t("staff.campaigns.publish")}
                </button>
              </Form>
            ) : null}
            {campaign.status === "published" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="close" />
                <button type="submit" className="button danger">
                  {t("staff.campaigns.close")}
                </button>
              </Form>
            ) : null}
            {campaign.status === "closed" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="reopen" />
                <button type="submit" className="button secondary">
                  {t("staff.campaigns.reopen")}
                </button>
              </Form>
            ) : null}
          </div>
          <h2>{t("staff.campaigns.edit")}</h2>
          <CampaignForm
            lastResult={lastResult}
            submitLabel={t("staff.campaigns.save")}
            defaultValue={{
              titleEn: campaign.titleEn,
              titleEs: campaign.titleEs,
              slug: campaign.slug,
              summaryEn: campaign.summaryEn,
              summaryEs: campaign.summaryEs,
              storyEn: campaign.storyEn,
              storyEs: campaign.storyEs,
              goalFees: String(campaign.goalFees),
              feeSource: campaign.feeSource,
              fixedFee: campaign.fixedFeeCents ? (campaign.fixedFeeCents / 100).toFixed(2) : "",
              startsOn: campaign.startsOn ?? "",
              endsOn: campaign.endsOn ?? "",
            }}
          />
        </>
      ) : (
        <div className="story">{language === "es" ? campaign.storyEs : campaign.storyEn}</div>
      )}
    </>
  );
}
