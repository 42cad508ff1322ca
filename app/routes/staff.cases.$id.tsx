import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField, TextAreaField, useStableForm } from "~/components/form";
import { caseSummary, performReviewAction, revealCase } from "~/modules/applicants/review.server";
import type { CaseMessageKind } from "~/modules/applicants/messages.server";
import { revealSchema, reviewActionSchema, viewReasons } from "~/modules/applicants/review-schema";
import { requireStaff } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { formatDate, formatDateTime, formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { getOrganization } from "~/modules/organization/organization.server";
import { parseSubmission, readForm } from "~/modules/forms/read-form.server";
import { foundOr404 } from "~/modules/http/found.server";

// Staff pages about cases are never stored by browsers or proxies.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => (actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders);

// Decrypted data must not linger in shared caches or the back-forward cache.
const noStore = { "Cache-Control": "no-store" };

export const meta: MetaFunction = () => [{ title: "Case · Fondo staff" }];

const caseOr404 = (id: string | undefined) => foundOr404(id, (found) => caseSummary(getDb(), found));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const found = await caseOr404(params.id);
  const db = getDb();
  const language = await getLanguage(request);
  // Reading the page decrypts nothing: personal data is shown only by the POST below.
  const hasIdentity = found.identityId !== null;
  const { request: r, campaign } = found;
  return data(
    {
      language,
      timezone: (await getOrganization(db)).timezone,
      hasIdentity,
      destroyedAt: found.destroyedAt?.toISOString() ?? null,
      queuePosition: found.queuePosition,
      request: {
        id: r.id,
        reference: r.reference,
        status: r.status,
        dacaExpiresOn: r.dacaExpiresOn,
        state: r.state,
        filingMethod: r.filingMethod,
        language: r.language,
        feeCents: r.feeCents,
        createdAt: r.createdAt.toISOString(),
      },
      campaign: { id: campaign.id, title: language === "es" ? campaign.titleEs : campaign.titleEn },
      payments: found.payments.map((p) => ({
        id: p.id,
        method: p.method,
        paidOn: p.paidOn,
        reference: p.reference,
        returned: p.returnedAt !== null,
        lines: p.lines.map((l) => ({ id: l.id, form: l.form, amountCents: l.amountCents })),
      })),
    },
    { headers: noStore },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const found = await caseOr404(params.id);
  const formData = await readForm(request);
  if (formData.get("intent") === "reveal") {
    // Personal data is decrypted only for a stated reason, by a same-origin POST, and audited.
    const reveal = parseSubmission(formData, { schema: revealSchema });
    if (reveal.status !== "success") return data({ reveal: reveal.reply(), revealed: null, result: undefined }, { status: 400, headers: noStore });
    const revealed = found.identityId !== null ? await revealCase(getDb(), { feeRequestId: found.request.id, actorUserId: session.user.id, reason: reveal.value.reason }) : null;
    return data({ reveal: reveal.reply(), revealed: revealed && { ...revealed, reason: reveal.value.reason }, result: undefined }, { headers: noStore });
  }
  const submission = parseSubmission(formData, { schema: reviewActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), reveal: undefined, revealed: null }, { status: 400, headers: noStore });
  const flash = await performReviewAction(getDb(), { feeRequestId: found.request.id, actorUserId: session.user.id, action: submission.value });
  return redirectWithFlash(`/staff/cases/${found.request.id}`, flash);
}

export default function StaffCase() {
  const data = useLoaderData<typeof loader>();
  const { request, campaign, language, timezone } = data;
  const { t } = useTranslation();
  const open = ["submitted", "in_review", "approved", "funded"].includes(request.status);
  return (
    <>
      <p>
        <Link to="/staff/cases">{t("staffCases.back")}</Link>
      </p>
      <h1>{t("staffCases.caseTitle", { reference: request.reference })}</h1>
      <h2>{t("staffCases.facts")}</h2>
      <dl className="facts">
        <dt>{t("fields.status")}</dt>
        <dd>
          {t(`requestStatus.${request.status}`)}
          {data.queuePosition ? ` (#${data.queuePosition})` : ""}
        </dd>
        <dt>{t("staffCases.campaign")}</dt>
        <dd>
          <Link to={`/staff/campaigns/${campaign.id}/requests`}>{campaign.title}</Link>
        </dd>
        <dt>{t("staffCases.received")}</dt>
        <dd>{formatDateTime(request.createdAt, language, timezone)}</dd>
        <dt>{t("staffCases.expires")}</dt>
        <dd>{formatDate(request.dacaExpiresOn, language)}</dd>
        <dt>{t("staffCases.state")}</dt>
        <dd>{request.state}</dd>
        <dt>{t("fields.filingMethod")}</dt>
        <dd>{t(`filingMethod.${request.filingMethod}`)}</dd>
        <dt>{t("staffCases.language")}</dt>
        <dd>{request.language === "es" ? "Español" : "English"}</dd>
        <dt>{t("staffCases.fee")}</dt>
        <dd>{request.feeCents ? formatMoney(request.feeCents, language) : "—"}</dd>
      </dl>

      <PersonalData />

      {open ? <Decisions /> : null}

      <h2>{t("staffCases.paymentsHeading")}</h2>
      {request.status === "funded" ? (
        <p>
          <Link className="button" to={`/staff/requests/${request.id}/pay`}>
            {t("staffCases.recordPayment")}
          </Link>
        </p>
      ) : null}
      {data.payments.length === 0 ? (
        <p>{t("staffCases.noPayments")}</p>
      ) : (
        <ul>
          {data.payments.map((p) => (
            <li key={p.id}>
              {t(`disbursementMethod.${p.method}`)} · {formatDate(p.paidOn, language)}
              {p.reference ? ` · ${p.reference}` : ""}
              {p.returned ? ` · ${t("staffCases.returned")}` : ""}
              <ul>
                {p.lines.map((l) => (
                  <li key={l.id}>
                    {l.form}: {formatMoney(l.amountCents, language)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function PersonalData() {
  const { destroyedAt, hasIdentity, language, timezone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const revealed = actionData?.revealed ?? null;
  const reason = revealed?.reason;
  const { t } = useTranslation();
  const [revealForm, revealFields] = useStableForm({
    id: "reveal",
    lastResult: actionData?.reveal,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: revealSchema }),
  });
  return (
    <section aria-labelledby="personal-heading">
      <h2 id="personal-heading">{t("staffCases.personalHeading")}</h2>
      {!hasIdentity ? (
        <p>{t("staffCases.noIdentity")}</p>
      ) : destroyedAt ? (
        <p>{t("staffCases.destroyed", { date: formatDateTime(destroyedAt, language, timezone) })}</p>
      ) : revealed === null ? (
        <Form method="post" className="stack" {...getFormProps(revealForm)}>
          <p>{t("staffCases.personalHidden")}</p>
          <input type="hidden" name="intent" value="reveal" />
          <SelectField
            meta={revealFields.reason as never}
            label={t("staffCases.reasonLabel")}
            options={[{ value: "", label: t("staffCases.reasonChoose") }, ...viewReasons.map((r) => ({ value: r, label: t(`staffCases.reasons.${r}`) }))]}
          />
          <button type="submit" className="button secondary">
            {t("staffCases.reveal")}
          </button>
        </Form>
      ) : revealed.kind === "unreadable" ? (
        <p className="flash flash-error">{t("staffCases.unreadable")}</p>
      ) : revealed.kind === "destroyed" ? (
        <p>{t("staffCases.destroyed", { date: "—" })}</p>
      ) : (
        <>
          <p className="hint">{t("staffCases.viewRecorded", { reason: t(`staffCases.reasons.${reason}`) })}</p>
          <dl className="facts">
            <dt>{t("staffCases.name")}</dt>
            <dd>{revealed.identity.name}</dd>
            <dt>{t("staffCases.email")}</dt>
            <dd>{revealed.identity.email}</dd>
            <dt>{t("staffCases.note")}</dt>
            <dd>{revealed.identity.note ?? "—"}</dd>
            {revealed.identity.aNumber ? (
              <>
                <dt>{t("staffCases.aNumber")}</dt>
                <dd>{revealed.identity.aNumber}</dd>
              </>
            ) : null}
            {revealed.identity.dateOfBirth ? (
              <>
                <dt>{t("staffCases.dateOfBirth")}</dt>
                <dd>{formatDate(revealed.identity.dateOfBirth, language)}</dd>
              </>
            ) : null}
          </dl>
          {revealed.messages.length ? (
            <>
              <h3>{t("staffCases.messagesHeading")}</h3>
              <ul>
                {revealed.messages.map((m: { id: string; kind: CaseMessageKind; body: string | null; createdAt: string }) => (
                  <li key={m.id}>
                    <strong>{t(`staffCases.messageKind.${m.kind}`)}</strong> ({formatDateTime(m.createdAt, language, timezone)}): {m.body ?? t("staffCases.messageErased")}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function Decisions() {
  const { request } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lastIntent = (actionData?.result?.initialValue as { intent?: string } | undefined)?.intent;
  const [rejectForm, rejectFields] = useStableForm({
    id: "reject",
    lastResult: lastIntent === "reject" ? actionData?.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewActionSchema }),
  });
  const [infoForm, infoFields] = useStableForm({
    id: "request-info",
    lastResult: lastIntent === "request-info" ? actionData?.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewActionSchema }),
  });
  const reviewable = request.status === "submitted" || request.status === "in_review";
  return (
    <section aria-labelledby="decision-heading">
      <h2 id="decision-heading">{t("staffCases.actionsHeading")}</h2>
      <div className="actions">
        {request.status === "submitted" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="start-review" />
            <button type="submit" className="button secondary">
              {t("staffCases.startReview")}
            </button>
          </Form>
        ) : null}
        {reviewable ? (
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            <button type="submit" className="button">
              {t("staffCases.approve")}
            </button>
            <p className="hint">{t("staffCases.approveHint")}</p>
          </Form>
        ) : null}
      </div>
      {reviewable ? (
        <>
          <h3>{t("staffCases.infoHeading")}</h3>
          <Form method="post" className="stack" {...getFormProps(infoForm)}>
            <input type="hidden" name="intent" value="request-info" />
            <TextAreaField meta={(infoFields as Record<string, unknown>).message as never} label={t("staffCases.infoMessage")} rows={4} />
            <button type="submit" className="button secondary">
              {t("staffCases.askInfo")}
            </button>
          </Form>
        </>
      ) : null}
      <h3>{t("staffCases.rejectHeading")}</h3>
      <Form method="post" className="stack" {...getFormProps(rejectForm)}>
        <input type="hidden" name="intent" value="reject" />
        <TextAreaField meta={(rejectFields as Record<string, unknown>).reason as never} label={t("staffCases.rejectReason")} rows={4} />
        <button type="submit" className="button secondary">
          {t("staffCases.reject")}
        </button>
      </Form>
    </section>
  );
}
