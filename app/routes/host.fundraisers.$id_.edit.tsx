import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FundraiserForm } from "~/components/fundraiser-form";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { endFundraiserEarly, FundraiserError, submitFundraiser, updateFundraiser } from "~/modules/fundraisers/fundraisers.server";
import { campaignChoices, formValues, requireOwnFundraiser } from "~/modules/fundraisers/load.server";
import { fundraiserSchema, hostFundraiserActionSchema } from "~/modules/fundraisers/schema";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { pageTitle } from "~/modules/i18n/page-title";
import { parseSubmission, readForm } from "~/modules/forms/read-form.server";
import { publicUrl } from "~/modules/http/public-url.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.language, "host.pageTitles.edit", { title: data?.fundraiser.title }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { fundraiser: f } = await requireOwnFundraiser(request, params.id);
  const language = await getLanguage(request);
  return data(
    {
      language,
      campaigns: await campaignChoices(language),
      fundraiser: {
        id: f.id,
        slug: f.slug,
        title: f.title,
        status: f.status,
        rejectionReason: f.rejectionReason,
        revisionStatus: f.revisionStatus,
        revisionRejectionReason: f.revisionRejectionReason,
      },
      values: formValues(f),
      slugPrefix: `${publicUrl()}/f/`,
    },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, fundraiser } = await requireOwnFundraiser(request, params.id);
  const formData = await readForm(request);
  const url = `/host/fundraisers/${fundraiser.id}/edit`;
  const hostUserId = session.user.id;
  if (formData.get("intent") !== "save") {
    const parsed = hostFundraiserActionSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    try {
      if (parsed.data.intent === "submit") await submitFundraiser(getDb(), { hostUserId, id: fundraiser.id });
      else await endFundraiserEarly(getDb(), { hostUserId, id: fundraiser.id });
    } catch (error) {
      if (error instanceof FundraiserError) return redirectWithFlash(url, { kind: "error", key: error.messageKey });
      throw error;
    }
    return redirectWithFlash(parsed.data.intent === "submit" ? url : `/host/fundraisers/${fundraiser.id}`, {
      kind: "success",
      key: parsed.data.intent === "submit" ? "host.form.submitted" : "host.form.ended",
    });
  }
  const submission = parseSubmission(formData, { schema: fundraiserSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const outcome = await updateFundraiser(getDb(), { hostUserId, id: fundraiser.id, input: submission.value });
    return redirectWithFlash(url, { kind: "success", key: outcome === "revision" ? "host.form.revisionSent" : "host.form.saved" });
  } catch (error) {
    if (error instanceof FundraiserError)
      return data(submission.reply(error.field ? { fieldErrors: { [error.field]: [error.messageKey] } } : { formErrors: [error.messageKey] }), { status: 400 });
    throw error;
  }
}

export default function EditFundraiser() {
  const { fundraiser: f, values, campaigns, language, slugPrefix } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const live = f.status === "approved";
  return (
    <>
      <h1>{f.title}</h1>
      <p>
        <span className={`badge ${f.status}`}>{t(`fundraiserStatus.${f.status}`)}</span>{" "}
        <Link to={`/host/fundraisers/${f.id}`}>{t("host.dashboard.link")}</Link>
        {live || f.status === "ended" ? (
          <>
            {" · "}
            <Link to={`/f/${f.slug}`}>{t("host.dashboard.viewPage")}</Link>
          </>
        ) : null}
      </p>
      <p>{t(`host.form.statusHelp.${f.status}`)}</p>
      {f.status === "rejected" && f.rejectionReason ? (
        <div className="flash flash-error" role="status">
          {t("host.form.rejectedBecause")}: {f.rejectionReason}
        </div>
      ) : null}
      {f.revisionStatus === "submitted" ? <p className="flash">{t("host.form.revisionPending")}</p> : null}
      {f.revisionStatus === "rejected" ? (
        <div className="flash flash-error" role="status">
          {t("host.form.revisionRejected")}: {f.revisionRejectionReason}
        </div>
      ) : null}
      <div className="actions">
        {f.status === "draft" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="button">
              {t("host.form.submit")}
            </button>
          </Form>
        ) : null}
        {live ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end" />
            <button type="submit" className="button danger">
              {t("host.form.end")}
            </button>
          </Form>
        ) : null}
      </div>
      {f.status === "ended" ? null : (
        <>
          <h2>{t("host.form.editHeading")}</h2>
          <FundraiserForm
            lastResult={lastResult}
            campaigns={campaigns}
            language={language}
            defaultValue={values}
            locked={live}
            slugPrefix={slugPrefix}
            submitLabel={live ? t("host.form.sendForReview") : t("host.form.save")}
          />
        </>
      )}
    </>
  );
}
