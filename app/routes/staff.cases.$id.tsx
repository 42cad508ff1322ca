import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField, TextAreaField, TextField, useStableForm } from "~/components/form";
import { RequestStatus } from "~/components/request-status";
import { caseSummary, performReviewAction, revealCase } from "~/modules/applicants/review.server";
import type { CaseMessageKind } from "~/modules/applicants/messages.server";
import { revealSchema, reviewActionSchema, viewReasons } from "~/modules/applicants/review-schema";
import { requireStaff } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { formatDate, formatDateTime } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { getOrganization } from "~/modules/organization/organization.server";
import { parseSubmission, readForm } from "~/modules/forms/read-form.server";
import { foundOr404 } from "~/modules/http/found.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { uscisActionSchema } from "~/modules/uscis/schema";
import { g1651Schema } from "~/modules/funding/schema";
import { setG1651Exemption } from "~/modules/funding/funding.server";
import { performUscisAction } from "~/modules/uscis/staff-actions.server";
import { todayIn } from "~/modules/dates/dates";
import { casesCards, issuingEnabled } from "~/modules/issuing/cards.server";
import { getStripeConfig } from "~/modules/payments/stripe.server";
import { getEnv } from "~/modules/config/env.server";
import { CaseCard } from "~/components/case-card";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staffCases.title") }];

const caseOr404 = (id: string | undefined) => foundOr404(id, (found) => caseSummary(getDb(), found));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const found = await caseOr404(params.id);
  const db = getDb();
  const language = await getLanguage(request);
  // Reading the page decrypts nothing: personal data is shown only by the POST below.
  const hasIdentity = found.identityId !== null;
  const { request: r, campaign } = found;
  const timezone = (await getOrganization(db)).timezone;
  const cards = await casesCards(db, r.id);
  return data(
    {
      issuing: {
        enabled: await issuingEnabled(db),
        demo: getStripeConfig().demo,
        publishableKey: getEnv().stripe?.publishableKey ?? null,
        cards: cards.map((c) => ({ id: c.id, stripeCardId: c.stripeCardId, status: c.status, forms: c.forms.map((f) => f.form) })),
      },
      language,
      timezone,
      today: todayIn(timezone),
      uscis: {
        status: r.uscisStatus,
        filedOn: r.filedOn,
        evidenceDueOn: r.evidenceDueOn,
        rejectedAtIntakeOn: r.rejectedAtIntakeOn,
        decision: r.uscisDecision,
        decidedOn: r.decidedOn,
      },
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
        g1651Exemption: r.g1651Exemption,
        refileBy: r.refileBy,
        shortCents: r.shortCents,
        createdAt: r.createdAt.toISOString(),
      },
      campaign: { id: campaign.id, title: language === "es" ? campaign.titleEs : campaign.titleEn },
      payments: found.payments.map((p) => ({
        id: p.id,
        method: p.method,
        paidOn: p.paidOn,
        reference: p.reference,
        returned: p.returnedAt !== null,
        lines: p.lines.map((l) => ({ id: l.id, form: l.form, amountCents: l.amountCents, returned: l.returnedAt !== null })),
      })),
    },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const found = await caseOr404(params.id);
  const formData = await readForm(request);
  if (formData.get("intent") === "reveal") {
    // Personal data is decrypted only for a stated reason, by a same-origin POST, and audited.
    const reveal = parseSubmission(formData, { schema: revealSchema });
    if (reveal.status !== "success") return data({ reveal: reveal.reply(), revealed: null, result: undefined, uscis: undefined }, { status: 400 });
    const revealed = found.identityId !== null ? await revealCase(getDb(), { feeRequestId: found.request.id, actorUserId: session.user.id, reason: reveal.value.reason }) : null;
    return data({ reveal: reveal.reply(), revealed: revealed && { ...revealed, reason: reveal.value.reason }, result: undefined, uscis: undefined });
  }
  if (formData.get("intent") === "g1651") {
    const exemption = parseSubmission(formData, { schema: g1651Schema });
    if (exemption.status !== "success") return data({ uscis: undefined, result: undefined, reveal: undefined, revealed: null }, { status: 400 });
    await setG1651Exemption(getDb(), { feeRequestId: found.request.id, exempt: exemption.value.exempt, actorUserId: session.user.id });
    return redirectWithFlash(`/staff/cases/${found.request.id}`, { kind: "success", key: "staffCases.g1651Saved" });
  }
  if (String(formData.get("intent") ?? "").startsWith("uscis-")) {
    const step = parseSubmission(formData, { schema: uscisActionSchema });
    if (step.status !== "success") return data({ uscis: step.reply(), result: undefined, reveal: undefined, revealed: null }, { status: 400 });
    const flash = await performUscisAction(getDb(), { feeRequestId: found.request.id, actorUserId: session.user.id, action: step.value });
    return redirectWithFlash(`/staff/cases/${found.request.id}`, flash);
  }
  const submission = parseSubmission(formData, { schema: reviewActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), uscis: undefined, reveal: undefined, revealed: null }, { status: 400 });
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
          <RequestStatus status={request.status} shortCents={request.shortCents} language={language} />
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

      {request.status === "paid" || data.uscis.status ? <UscisSection /> : null}

      <h2>{t("staffCases.paymentsHeading")}</h2>
      {request.status === "funded" ? (
        <p>
          <Link className="button" to={`/staff/requests/${request.id}/pay`}>
            {t("staffCases.recordPayment")}
          </Link>
        </p>
      ) : null}
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="g1651" />
        <label className="choice">
          <input type="checkbox" name="exempt" defaultChecked={request.g1651Exemption} /> {t("staffCases.g1651Label")}
        </label>
        <button type="submit" className="button secondary">
          {t("staffCases.g1651Save")}
        </button>
      </Form>
      {data.issuing.enabled || data.issuing.cards.length > 0 ? (
        <CaseCard
          feeRequestId={request.id}
          canCreate={data.issuing.enabled && request.status === "funded" && request.shortCents === 0 && !data.issuing.cards.some((c) => c.status === "open")}
          cards={data.issuing.cards}
          demo={data.issuing.demo}
          publishableKey={data.issuing.publishableKey}
        />
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
  // conform re-renders a form for what the component owning it read while rendering; once the page
  // has settled, errors read only inside SelectField were never shown ("no reason" said nothing).
  const reasonInvalid = Boolean(revealFields.reason.errors?.length);
  return (
    <section aria-labelledby="personal-heading">
      <h2 id="personal-heading">{t("staffCases.personalHeading")}</h2>
      {!hasIdentity ? (
        <p>{t("staffCases.noIdentity")}</p>
      ) : destroyedAt ? (
        <p>{t("staffCases.destroyed", { date: formatDateTime(destroyedAt, language, timezone) })}</p>
      ) : revealed === null ? (
        <Form method="post" className="stack" data-invalid={reasonInvalid || undefined} {...getFormProps(revealForm)}>
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
            {revealed.identity.uscisReceipt ? (
              <>
                <dt>{t("uscis.receipt")}</dt>
                <dd>{revealed.identity.uscisReceipt}</dd>
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
  // Read here for the same reason as in PersonalData: conform re-renders for what this component read.
  const rejectInvalid = Boolean((rejectFields as Record<string, { errors?: string[] }>).reason?.errors?.length);
  const infoInvalid = Boolean((infoFields as Record<string, { errors?: string[] }>).message?.errors?.length);
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
          <Form method="post" className="stack" data-invalid={infoInvalid || undefined} {...getFormProps(infoForm)}>
            <input type="hidden" name="intent" value="request-info" />
            <TextAreaField meta={(infoFields as Record<string, unknown>).message as never} label={t("staffCases.infoMessage")} rows={4} />
            <button type="submit" className="button secondary">
              {t("staffCases.askInfo")}
            </button>
          </Form>
        </>
      ) : null}
      <h3>{t("staffCases.rejectHeading")}</h3>
      <Form method="post" className="stack" data-invalid={rejectInvalid || undefined} {...getFormProps(rejectForm)}>
        <input type="hidden" name="intent" value="reject" />
        <TextAreaField meta={(rejectFields as Record<string, unknown>).reason as never} label={t("staffCases.rejectReason")} rows={4} />
        <button type="submit" className="button secondary">
          {t("staffCases.reject")}
        </button>
      </Form>
    </section>
  );
}

/** USCIS's side of a paid case: what was recorded, and the next steps staff can record. */
function UscisSection() {
  const { uscis, request, language, today, payments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lastIntent = (actionData?.uscis?.initialValue as { intent?: string } | undefined)?.intent;
  const stepForm = (id: string) => ({
    id,
    lastResult: lastIntent === id ? actionData?.uscis : undefined,
    defaultValue: { filedOn: today, decidedOn: today, rejectedOn: today },
    onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema: uscisActionSchema }),
  });
  const [filedForm, filedFields] = useStableForm(stepForm("uscis-filed"));
  const [evidenceForm, evidenceFields] = useStableForm(stepForm("uscis-evidence"));
  const [decidedForm, decidedFields] = useStableForm(stepForm("uscis-decided"));
  const [intakeForm, intakeFields] = useStableForm(stepForm("uscis-rejected-intake"));
  const field = (fields: unknown, name: string) => (fields as Record<string, unknown>)[name] as never;
  const date = (iso: string | null) => (iso ? formatDate(iso, language) : "—");
  // A returned fee held for the case is refiled (and paid again) before the filing is recorded.
  const canFile = request.status === "paid" && !request.refileBy && (uscis.status === null || uscis.status === "rejected_at_intake");
  const standingForms = [...new Set(payments.flatMap((p) => p.lines.filter((l) => !l.returned).map((l) => l.form)))];
  const waiting = uscis.status === "filed" || uscis.status === "evidence_requested";
  return (
    <section aria-labelledby="uscis-heading">
      <h2 id="uscis-heading">{t("uscis.heading")}</h2>
      <p className="hint">{t("uscis.intro")}</p>
      {uscis.status ? (
        <dl className="facts" data-testid="uscis-facts">
          <dt>{t("fields.status")}</dt>
          <dd>
            {t(`uscis.status.${uscis.status}`)}
            {uscis.decision ? ` · ${t(`uscis.decision.${uscis.decision}`)}` : ""}
          </dd>
          <dt>{t("uscis.filedOn")}</dt>
          <dd>{date(uscis.filedOn)}</dd>
          {uscis.evidenceDueOn ? (
            <>
              <dt>{t("uscis.dueLabel")}</dt>
              <dd>{date(uscis.evidenceDueOn)}</dd>
            </>
          ) : null}
          {uscis.rejectedAtIntakeOn ? (
            <>
              <dt>{t("uscis.rejectedLabel")}</dt>
              <dd>{date(uscis.rejectedAtIntakeOn)}</dd>
            </>
          ) : null}
          {uscis.decidedOn ? (
            <>
              <dt>{t("uscis.decidedLabel")}</dt>
              <dd>{date(uscis.decidedOn)}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{t("uscis.none")}</p>
      )}
      {request.status === "paid" && uscis.status === "rejected_at_intake" && request.refileBy ? (
        <Form method="post" className="stack">
          <h3>{t("uscis.refileHeading")}</h3>
          <p className="hint">{t("uscis.refileHint", { date: date(request.refileBy) })}</p>
          <input type="hidden" name="intent" value="uscis-refiled" />
          <button type="submit" className="button">
            {t("uscis.refile")}
          </button>
        </Form>
      ) : null}
      {canFile ? (
        <Form method="post" className="stack" {...getFormProps(filedForm)}>
          <h3>{t("uscis.filedHeading")}</h3>
          <input type="hidden" name="intent" value="uscis-filed" />
          <TextField meta={field(filedFields, "filedOn")} label={t("uscis.filedOn")} type="date" />
          <TextField meta={field(filedFields, "receipt")} label={t("uscis.receipt")} hint={t("uscis.receiptHint")} autoComplete="off" />
          <button type="submit" className="button">
            {t("uscis.recordFiled")}
          </button>
        </Form>
      ) : null}
      {waiting ? (
        <>
          <Form method="post" className="stack" {...getFormProps(evidenceForm)}>
            <h3>{t("uscis.evidenceHeading")}</h3>
            <input type="hidden" name="intent" value="uscis-evidence" />
            <TextField meta={field(evidenceFields, "dueOn")} label={t("uscis.dueOn")} type="date" />
            <button type="submit" className="button secondary">
              {t("uscis.recordEvidence")}
            </button>
          </Form>
          {uscis.status === "evidence_requested" ? (
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="uscis-evidence-sent" />
              <button type="submit" className="button secondary">
                {t("uscis.evidenceSent")}
              </button>
            </Form>
          ) : null}
          <Form method="post" className="stack" {...getFormProps(decidedForm)}>
            <h3>{t("uscis.decisionHeading")}</h3>
            <input type="hidden" name="intent" value="uscis-decided" />
            <TextField meta={field(decidedFields, "decidedOn")} label={t("uscis.decidedOn")} type="date" />
            <SelectField
              meta={field(decidedFields, "decision")}
              label={t("uscis.decisionLabel")}
              options={[
                { value: "", label: t("uscis.decisionChoose") },
                { value: "approved", label: t("uscis.decision.approved") },
                { value: "denied", label: t("uscis.decision.denied") },
              ]}
            />
            <button type="submit" className="button">
              {t("uscis.recordDecision")}
            </button>
          </Form>
        </>
      ) : null}
      {request.status === "paid" && (uscis.status === null || uscis.status === "filed") ? (
        <Form method="post" className="stack" {...getFormProps(intakeForm)}>
          <h3>{t("uscis.intakeHeading")}</h3>
          <input type="hidden" name="intent" value="uscis-rejected-intake" />
          <TextField meta={field(intakeFields, "rejectedOn")} label={t("uscis.rejectedOn")} type="date" />
          {standingForms.length > 1 ? (
            <fieldset className="field">
              <legend>{t("uscis.formsReturned")}</legend>
              <p className="hint">{t("uscis.formsReturnedHint")}</p>
              {standingForms.map((form) => (
                <label key={form} className="checkbox">
                  <input type="checkbox" name="forms" value={form} /> {form}
                </label>
              ))}
            </fieldset>
          ) : null}
          <button type="submit" className="button secondary">
            {t("uscis.recordIntake")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
