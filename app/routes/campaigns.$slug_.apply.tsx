import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApplicationForm } from "~/components/application-form";
import { applicationFormOptions, applyForHelp, applyPrices } from "~/modules/applicants/apply.server";
import { CASE_LINK_TTL_HOURS } from "~/modules/applicants/policy";
import { findPublicCampaign, isLive } from "~/modules/campaigns/campaigns.server";
import { localized } from "~/modules/campaigns/public.server";
import { getDb } from "~/modules/db/index.server";
import { errorPageMeta, rootData } from "~/modules/i18n/error-meta";
import { todayIn } from "~/modules/dates/dates";
import { formatDate } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { getOrganization } from "~/modules/organization/organization.server";
import { readForm } from "~/modules/forms/read-form.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const campaign = await findPublicCampaign(db, params.slug ?? "");
  if (!campaign) throw new Response("Not found", { status: 404 });
  const language = await getLanguage(request);
  const org = await getOrganization(db);
  const today = todayIn(org.timezone);
  return data(
    {
      language,
      slug: campaign.slug,
      title: localized(campaign, language).title,
      open: isLive(campaign, today),
      submitted: new URL(request.url).searchParams.get("submitted") === "1",
      prices: await applyPrices(db, campaign, today),
      optionalFields: applicationFormOptions(org),
      organizationName: org.name,
      retentionDays: org.caseRetentionDays,
      noNewsDays: org.noNewsDays,
    },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = getDb();
  const campaign = await findPublicCampaign(db, params.slug ?? "");
  if (!campaign) throw new Response("Not found", { status: 404 });
  // Closed while the person was filling in the form: the page explains it, nothing is stored.
  if (!isLive(campaign, todayIn((await getOrganization(db)).timezone))) return data({ reply: null, ineligible: null }, { status: 409 });
  const outcome = await applyForHelp(db, { formData: await readForm(request), campaign, ip: context.clientIp });
  if (outcome.kind === "sent") return redirect(`/campaigns/${campaign.slug}/apply?submitted=1`, 303);
  if (outcome.kind === "ineligible") {
    const { reply, reason, expires, opensOn } = outcome;
    return data({ reply, ineligible: { reason, expires, opensOn } }, { status: 400 });
  }
  return data({ reply: outcome.reply, ineligible: null }, { status: outcome.status });
}

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) =>
  error || !data ? errorPageMeta(error, rootData(matches)) : [{ title: data.title }, { name: "referrer", content: "same-origin" }];

export default function ApplyPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { language, prices } = data;
  const money = (cents: number | null) => (cents ? formatMoney(cents, language) : "");
  if (data.submitted) return <Submitted />;
  const optional = [
    data.optionalFields.collectANumber ? t("apply.aNumber") : null,
    data.optionalFields.collectDateOfBirth ? t("apply.dateOfBirth") : null,
  ].filter(Boolean);
  const ineligible = actionData?.ineligible;
  return (
    <article>
      <h1>{t("apply.title", { campaign: data.title })}</h1>
      <section aria-labelledby="pays">
        <h2 id="pays">{t("apply.paysTitle")}</h2>
        <p>
          {prices.fixed
            ? t("apply.paysFixed", { amount: money(prices.fixed) })
            : prices.online && prices.paper
              ? t("apply.paysSchedule", { online: money(prices.online), paper: money(prices.paper) })
              : t("apply.paysUnknown")}
        </p>
      </section>
      <section aria-labelledby="who">
        <h2 id="who">{t("apply.whoTitle")}</h2>
        <p>{t("apply.who")}</p>
      </section>
      <section aria-labelledby="ask">
        <h2 id="ask">{t("apply.askTitle")}</h2>
        <p>{t("apply.ask")}</p>
        {optional.length ? <p>{t("apply.askOptional", { fields: optional.join(", ") })}</p> : null}
        <p>{t("apply.askNever")}</p>
      </section>
      <section aria-labelledby="protect">
        <h2 id="protect">{t("apply.protectTitle")}</h2>
        <p>{t("apply.protect")}</p>
        <h3>{t("apply.deleteTitle")}</h3>
        <p>{t("apply.delete", { count: data.retentionDays, noNews: data.noNewsDays })}</p>
      </section>
      <section aria-labelledby="form-title">
        <h2 id="form-title">{t("apply.formTitle")}</h2>
        {ineligible ? (
          <div className="flash flash-error" role="alert">
            <h3>{t("apply.ineligibleTitle")}</h3>
            <p>
              {ineligible.reason === "too_early"
                ? t("apply.tooEarly", { expires: formatDate(ineligible.expires, language), opensOn: formatDate(ineligible.opensOn ?? ineligible.expires, language) })
                : t("apply.expiredTooLong", { expires: formatDate(ineligible.expires, language) })}
            </p>
            <p>{t("apply.nothingStored")}</p>
          </div>
        ) : null}
        {data.open ? (
          <ApplicationForm
            lastResult={actionData?.reply}
            language={language}
            prices={prices}
            optionalFields={data.optionalFields}
            organizationName={data.organizationName}
            retentionDays={data.retentionDays}
            noNewsDays={data.noNewsDays}
          />
        ) : (
          <p>{t("apply.closed")}</p>
        )}
      </section>
      <p>
        <Link to="/case/resend">{t("apply.alreadyApplied")}</Link>
      </p>
    </article>
  );
}

/** The same page for a new request and for a repeat from a known email: it reveals nothing. */
function Submitted() {
  const { t } = useTranslation();
  return (
    <article>
      <h1>{t("apply.sentTitle")}</h1>
      <p role="status">{t("apply.sentBody", { hours: CASE_LINK_TTL_HOURS })}</p>
      <p>{t("apply.sentRepeat")}</p>
      <h2>{t("apply.nextTitle")}</h2>
      <ol>
        <li>{t("apply.next1")}</li>
        <li>{t("apply.next2")}</li>
        <li>{t("apply.next3")}</li>
      </ol>
      <p>
        <Link to="/case/resend">{t("case.requestNew")}</Link>
      </p>
    </article>
  );
}
