import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, ImageField, TextAreaField, useStableForm } from "~/components/form";
import { recordAudit } from "~/modules/audit/audit.server";
import { requireStaff } from "~/modules/auth/guards.server";
import { campaignOr404 } from "~/modules/campaigns/load.server";
import { formatDateTime } from "~/modules/dates/format";
import { getDb } from "~/modules/db/index.server";
import { campaignUpdateSchema, UPDATE_BODY_MAX } from "~/modules/donors/update-schema";
import { campaignUpdatesFor, postCampaignUpdate } from "~/modules/donors/updates.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseSubmission } from "~/modules/forms/read-form.server";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { parseFormWithImage } from "~/modules/images/images.server";
import { organizationTimeZone } from "~/modules/organization/clock.server";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "campaignUpdates.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const campaign = await campaignOr404(db, params.id);
  const language = await getLanguage(request);
  return {
    language,
    timeZone: await organizationTimeZone(db),
    campaign: { id: campaign.id, slug: campaign.slug, title: language === "es" ? campaign.titleEs : campaign.titleEn },
    updates: (await campaignUpdatesFor(db, campaign.id)).map((u) => ({
      id: u.id,
      body: language === "es" ? u.bodyEs : u.bodyEn,
      imageId: u.imageId,
      createdAt: u.createdAt.toISOString(),
      queued: u.queuedCount,
      total: u.recipientsTotal,
      done: u.queuedAt !== null,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const campaign = await campaignOr404(getDb(), params.id);
  const { formData, image, imageError } = await parseFormWithImage(request, "image");
  const submission = parseSubmission(formData, { schema: campaignUpdateSchema });
  if (submission.status !== "success" || imageError) {
    const fieldErrors: Record<string, string[]> = { ...(submission.status !== "success" ? submission.error : {}) } as never;
    if (imageError) fieldErrors.image = [imageError];
    return data(submission.reply({ fieldErrors }), { status: 400 });
  }
  const id = await postCampaignUpdate(getDb(), { campaignId: campaign.id, ...submission.value, image, actorUserId: session.user.id });
  await recordAudit(getDb(), { actorUserId: session.user.id, action: "campaign.update_posted", subjectType: "campaign", subjectId: campaign.id, details: { updateId: id } });
  return redirectWithFlash(`/staff/campaigns/${campaign.id}/updates`, { kind: "success", key: "campaignUpdates.posted" }, { status: 303 });
}

export default function CampaignUpdates() {
  const { campaign, updates, language, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const queuing = updates.some((u) => !u.done);
  // While emails are being queued, the progress refreshes every two seconds.
  useEffect(() => {
    if (!queuing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2_000);
    return () => clearInterval(timer);
  }, [queuing, revalidator]);
  const [form, fields] = useStableForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: campaignUpdateSchema }) });
  const imageErrors = (form.allErrors as Record<string, string[]>).image;
  return (
    <>
      <p>
        <Link to={`/staff/campaigns/${campaign.id}`}>{campaign.title}</Link>
      </p>
      <h1>{t("campaignUpdates.title")}</h1>
      <p>{t("campaignUpdates.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <ErrorSummary errors={form.allErrors} fields={fields} labels={{ bodyEn: t("campaignUpdates.bodyEn"), bodyEs: t("campaignUpdates.bodyEs"), image: t("campaignUpdates.image") }} />
        <TextAreaField meta={fields.bodyEn as never} label={t("campaignUpdates.bodyEn")} rows={4} maxLength={UPDATE_BODY_MAX} />
        <TextAreaField meta={fields.bodyEs as never} label={t("campaignUpdates.bodyEs")} rows={4} maxLength={UPDATE_BODY_MAX} />
        <ImageField id="update-image" name="image" label={t("campaignUpdates.image")} errors={imageErrors} />
        <button type="submit" className="button">
          {t("campaignUpdates.post")}
        </button>
      </Form>
      <h2>{t("campaignUpdates.postedList")}</h2>
      {updates.length === 0 ? <p>{t("campaignUpdates.none")}</p> : null}
      <ul className="stack">
        {updates.map((u) => (
          <li key={u.id}>
            <p>
              <strong>{formatDateTime(u.createdAt, language, timeZone)}</strong>
            </p>
            <p>{u.body}</p>
            <p role="status">
              {u.done ? t("campaignUpdates.sent", { count: u.total ?? u.queued }) : t("campaignUpdates.progress", { queued: u.queued, total: u.total ?? "…" })}
            </p>
            {!u.done && u.total ? <progress value={u.queued} max={u.total} aria-label={t("campaignUpdates.progressLabel")} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
