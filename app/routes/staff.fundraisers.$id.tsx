import { randomUUID } from "node:crypto";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextAreaField, TextField, useStableForm } from "~/components/form";
import { MatchSummary } from "~/components/match-summary";
import { requireAdmin, requireStaff } from "~/modules/auth/guards.server";
import { findCampaignById } from "~/modules/campaigns/campaigns.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { findFundraiserById, FundraiserError } from "~/modules/fundraisers/fundraisers.server";
import { fundraiserFigures } from "~/modules/fundraisers/public.server";
import { markMatchReceived, reviewFundraiser } from "~/modules/fundraisers/review.server";
import { reviewSchema } from "~/modules/fundraisers/schema";
import { formatDate } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { LedgerError } from "~/modules/ledger/errors";
import { parseForm } from "~/modules/forms/read-form.server";
import { foundOr404 } from "~/modules/http/found.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staffFundraisers.title") }];

const load = (id: string | undefined) => foundOr404(id, (found) => findFundraiserById(getDb(), found));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  const f = await load(params.id);
  const campaign = (await findCampaignById(getDb(), f.campaignId))!;
  const language = await getLanguage(request);
  return {
    language,
    canAct: session.user.role === "admin",
    fundraiser: f,
    campaign: { id: campaign.id, title: language === "es" ? campaign.titleEs : campaign.titleEn, slug: campaign.slug },
    figures: await fundraiserFigures(getDb(), f, campaign),
    requestKey: randomUUID(),
  };
}

/** Reviewers and admins decide on pages; only admins record money received. */
export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const f = await load(params.id);
  const submission = await parseForm(request, { schema: reviewSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const url = `/staff/fundraisers/${f.id}`;
  const value = submission.value;
  try {
    if (value.intent === "matchReceived") {
      await requireAdmin(request);
      await markMatchReceived(getDb(), { id: f.id, amountCents: value.amount, requestKey: value.requestKey, actorUserId: session.user.id });
    } else {
      await reviewFundraiser(getDb(), { id: f.id, decision: value, actorUserId: session.user.id });
    }
  } catch (error) {
    if (error instanceof FundraiserError && error.field) return data(submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }), { status: 400 });
    if (error instanceof FundraiserError) return redirectWithFlash(url, { kind: "error", key: error.messageKey });
    if (error instanceof LedgerError) return data(submission.reply({ fieldErrors: { amount: ["fundraiserErrors.matchTooMuch"] } }), { status: 400 });
    throw error;
  }
  return redirectWithFlash(url, { kind: "success", key: `staffFundraisers.done.${value.intent}` });
}

function RejectForm({ intent, label, version }: { intent: "reject" | "rejectRevision"; label: string; version: string }) {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useStableForm({
    id: intent,
    lastResult: lastResult?.initialValue?.intent === intent ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewSchema }),
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <TextAreaField meta={(fields as unknown as Record<string, never>).reason} label={t("staffFundraisers.reason")} rows={3} />
      <button type="submit" className="button danger">
        {label}
      </button>
    </Form>
  );
}

export default function StaffFundraiser() {
  const { fundraiser: f, campaign, figures, language, canAct, requestKey } = useLoaderData<typeof loader>();
  // The exact ISO time the action compares (single fetch delivers dates as Date, JSON as strings).
  const version = new Date(f.updatedAt).toISOString();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const money = (c: number) => formatMoney(c, language);
  const [matchForm, matchFields] = useStableForm({
    id: "match-received",
    lastResult: lastResult?.initialValue?.intent === "matchReceived" ? lastResult : undefined,
    defaultValue: { amount: (figures.match.owedCents / 100).toFixed(2) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewSchema }),
  });
  const approve = (intent: "approve" | "approveRevision", label: string) => (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <button type="submit" className="button">
        {label}
      </button>
    </Form>
  );
  return (
    <>
      <h1>{f.title}</h1>
      <p>
        <span className={`badge ${f.status}`}>{t(`fundraiserStatus.${f.status}`)}</span> {f.businessName} ·{" "}
        <Link to={`/staff/campaigns/${campaign.id}`}>{campaign.title}</Link>
        {f.status === "approved" || f.status === "ended" ? (
          <>
            {" · "}
            <Link to={`/f/${f.slug}`}>{t("host.dashboard.viewPage")}</Link>
          </>
        ) : null}
      </p>
      <dl className="figures">
        <div>
          <dt>{t("host.fields.slug")}</dt>
          <dd>
            <code>{`/f/${f.slug}`}</code>
          </dd>
        </div>
        <div>
          <dt>{t("host.fields.goalFees")}</dt>
          <dd>
            {f.goalFees} {figures.goalCents ? `(${money(figures.goalCents)})` : null}
          </dd>
        </div>
        <div>
          <dt>{t("staffFundraisers.dates")}</dt>
          <dd>
            {formatDate(f.startsOn, language)} – {formatDate(f.endsOn, language)}
          </dd>
        </div>
        <div>
          <dt>{t("host.home.raised")}</dt>
          <dd>{money(f.raisedCents)}</dd>
        </div>
      </dl>
      <h2>{t("staffFundraisers.story")}</h2>
      <h3>{t("staffFundraisers.storyEn")}</h3>
      <div className="story">{f.storyEn ?? "—"}</div>
      <h3>{t("staffFundraisers.storyEs")}</h3>
      <div className="story" lang="es">
        {f.storyEs ?? "—"}
      </div>
      {f.status === "submitted" ? (
        <section aria-labelledby="decide-heading">
          <h2 id="decide-heading">{t("staffFundraisers.decide")}</h2>
          {approve("approve", t("staffFundraisers.approve"))}
          <RejectForm intent="reject" label={t("staffFundraisers.reject")} version={version} />
        </section>
      ) : null}
      {f.revisionStatus === "submitted" ? (
        <section aria-labelledby="revision-heading">
          <h2 id="revision-heading">{t("staffFundraisers.revision")}</h2>
          {f.pendingTitle !== null ? (
            <>
              <h3>{t("host.fields.title")}</h3>
              <p>{f.pendingTitle}</p>
              <h3>{t("staffFundraisers.storyEn")}</h3>
              <div className="story">{f.pendingStoryEn ?? "—"}</div>
              <h3>{t("staffFundraisers.storyEs")}</h3>
              <div className="story" lang="es">
                {f.pendingStoryEs ?? "—"}
              </div>
            </>
          ) : null}
          {f.pendingBranding ? (
            <>
              <h3>{t("host.fields.businessName")}</h3>
              <p>
                {f.pendingBusinessName} {f.pendingBusinessName !== f.businessName ? t("staffFundraisers.was", { value: f.businessName }) : null}
              </p>
              <h3>{t("staffFundraisers.logo")}</h3>
              {f.pendingLogoImageId ? <img src={`/images/${f.pendingLogoImageId}`} alt={t("staffFundraisers.newLogo")} height={64} /> : <p>{t("staffFundraisers.noLogo")}</p>}
            </>
          ) : null}
          {approve("approveRevision", t("staffFundraisers.approveRevision"))}
          <RejectForm intent="rejectRevision" label={t("staffFundraisers.rejectRevision")} version={version} />
        </section>
      ) : null}
      <section aria-labelledby="match-heading">
        <h2 id="match-heading">{t("host.dashboard.match")}</h2>
        {figures.match.pledged ? (
          <>
            <MatchSummary match={figures.match} businessName={f.businessName} language={language} />
            <p>{t("host.dashboard.matchPaid", { paid: money(figures.match.paidCents), owed: money(figures.match.owedCents) })}</p>
            {canAct && figures.match.owedCents > 0 ? (
              <Form method="post" className="stack" {...getFormProps(matchForm)}>
                <ErrorSummary errors={matchForm.allErrors} fields={matchFields} labels={{ amount: t("staffFundraisers.matchAmount") }} />
                <input type="hidden" name="intent" value="matchReceived" />
                <input type="hidden" name="requestKey" value={requestKey} />
                <TextField meta={(matchFields as unknown as Record<string, never>).amount} label={t("staffFundraisers.matchAmount")} inputMode="decimal" />
                <button type="submit" className="button">
                  {t("staffFundraisers.matchReceived")}
                </button>
              </Form>
            ) : null}
          </>
        ) : (
          <p>{t("host.dashboard.noMatch")}</p>
        )}
      </section>
    </>
  );
}
