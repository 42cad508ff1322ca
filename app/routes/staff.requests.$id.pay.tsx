import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, useStableForm } from "~/components/form";
import { requireStaff } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { payFee } from "~/modules/funding/funding.server";
import { LedgerError } from "~/modules/ledger/errors";
import { paymentDraft } from "~/modules/funding/payment-draft.server";
import { disbursementSchemaFor } from "~/modules/funding/schema";
import { CheckNotAcceptedError, CHECKS_END_ON } from "~/modules/funding/check-rule";
import { parseForm } from "~/modules/forms/read-form.server";
import { foundOr404 } from "~/modules/http/found.server";
import { organizationToday } from "~/modules/organization/clock.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "requests.recordPayment") }];

const draftOr404 = (id: string | undefined) => foundOr404(id, (found) => paymentDraft(getDb(), found));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const draft = await draftOr404(params.id);
  const language = await getLanguage(request);
  return {
    language,
    request: { id: draft.request.id, reference: draft.request.reference, status: draft.request.status, feeCents: draft.request.feeCents, g1651Exemption: draft.request.g1651Exemption },
    campaign: { id: draft.campaign.id, title: language === "es" ? draft.campaign.titleEs : draft.campaign.titleEn },
    defaults: { method: "g1450_card", paidOn: await organizationToday(getDb()), lines: draft.lines },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const draft = await draftOr404(params.id);
  const submission = await parseForm(request, { schema: disbursementSchemaFor(draft.request) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await payFee(getDb(), {
      feeRequestId: draft.request.id,
      method: submission.value.method,
      paidOn: submission.value.paidOn,
      reference: submission.value.reference,
      lines: submission.value.lines.map((l) => ({ form: l.form, amountCents: l.amount })),
      recordedByUserId: session.user.id,
    });
  } catch (error) {
    if (error instanceof LedgerError) return data(submission.reply({ formErrors: [error.messageKey] }), { status: 400 });
    if (error instanceof CheckNotAcceptedError) return data(submission.reply({ fieldErrors: { method: [`errors.checkNotAccepted|${JSON.stringify({ date: CHECKS_END_ON })}`] } }), { status: 400 });
    throw error;
  }
  return redirectWithFlash(`/staff/campaigns/${draft.campaign.id}/requests`, { kind: "success", key: "requests.paid", params: { reference: draft.request.reference } });
}

const methods = ["g1450_card", "g1650_ach", "paygov_online", "reimbursement", "check"] as const;

export default function RecordPayment() {
  const { request, campaign, defaults, language } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: disbursementSchemaFor(request) }),
  });
  const lines = fields.lines.getFieldList();
  return (
    <>
      <p>
        <Link to={`/staff/campaigns/${campaign.id}/requests`}>← {campaign.title}</Link>
      </p>
      <h1>{t("requests.payTitle", { reference: request.reference })}</h1>
      {request.status !== "funded" ? (
        <p className="flash flash-error">{t("ledger.errors.not_funded")}</p>
      ) : (
        <>
          <p>{t("requests.payIntro", { amount: request.feeCents ? formatMoney(request.feeCents, language) : "—" })}</p>
          <Form method="post" className="stack" {...getFormProps(form)}>
            <ErrorSummary errors={form.allErrors} fields={fields} labels={{ method: t("requests.method"), paidOn: t("requests.paidOn"), reference: t("requests.paymentReference"), lines: t("fields.amountDollars") }} />
            <SelectField meta={fields.method as never} label={t("requests.method")} options={methods.map((m) => ({ value: m, label: t(`disbursementMethod.${m}`) }))} />
            <TextField meta={fields.paidOn as never} label={t("requests.paidOn")} type="date" />
            <TextField meta={(fields as Record<string, unknown>).reference as never} label={t("requests.paymentReference")} hint={t("requests.paymentReferenceHint")} />
            {lines.map((line, index) => {
              const l = line.getFieldset();
              return (
                <fieldset key={line.key} className="field">
                  <legend>{t("staff.fees.componentN", { n: index + 1 })}</legend>
                  <TextField meta={l.form as never} label={t("fields.form")} />
                  <TextField meta={l.amount as never} label={t("fields.amountDollars")} inputMode="decimal" />
                </fieldset>
              );
            })}
            <button type="submit" className="button">
              {t("requests.savePayment")}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
