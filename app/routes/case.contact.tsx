import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, RadioGroup, TextField, useStableForm } from "~/components/form";
import { loadCase } from "~/modules/applicants/case.server";
import { changeCaseContact } from "~/modules/applicants/email-change.server";
import { EMAIL_CHANGE_TTL_HOURS } from "~/modules/applicants/policy";
import { requireCaseSession } from "~/modules/applicants/case-session.server";
import { contactSchema, NAME_MAX } from "~/modules/applicants/schema";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { getT } from "~/modules/i18n/i18n.server";
import { parseForm } from "~/modules/forms/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireCaseSession(request);
  const view = await loadCase(getDb(), session.feeRequestId);
  if (!view?.readable || !view.canWithdraw || !view.name || !view.email) throw await redirectWithFlash("/case", { kind: "error", key: "case.cannotChangeContact" });
  const t = await getT(request);
  return data({ title: t("case.contactTitle"), contact: { name: view.name, email: view.pendingEmail ?? view.email, language: view.language }, current: view.email, pendingEmail: view.pendingEmail });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

/**
 * The applicant changes how we reach them; only their own case, through their case session. A new
 * email address waits for the link emailed to it (see changeCaseContact).
 */
export async function action({ request }: ActionFunctionArgs) {
  const session = await requireCaseSession(request);
  const submission = await parseForm(request, { schema: contactSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await changeCaseContact(getDb(), { feeRequestId: session.feeRequestId, ...submission.value });
  if (result === "closed") return data(submission.reply({ formErrors: ["errors.invalidTransition"] }), { status: 409 });
  if (result === "limited") return data(submission.reply({ fieldErrors: { email: ["case.emailChangeLimited"] } }), { status: 429 });
  const key = result === "confirmation_sent" ? "case.emailConfirmSent" : "case.contactSaved";
  return redirectWithFlash(`/case?lng=${submission.value.language}`, { kind: "success", key });
}

export default function CaseContact() {
  const { contact, current, pendingEmail } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    id: "contact",
    lastResult,
    defaultValue: contact,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: contactSchema }),
  });
  return (
    <>
      <h1>{t("case.contactTitle")}</h1>
      <p>{t("case.contactIntro")}</p>
      {pendingEmail ? <p className="flash">{t("case.emailPending", { email: pendingEmail, current, hours: EMAIL_CHANGE_TTL_HOURS })}</p> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ErrorSummary errors={form.allErrors} fields={fields} labels={{ name: t("apply.name"), email: t("apply.email"), language: t("apply.language") }} />
        <TextField meta={fields.name as never} label={t("apply.name")} hint={t("apply.nameHint")} autoComplete="given-name" maxLength={NAME_MAX} />
        <TextField meta={fields.email as never} label={t("apply.email")} hint={t("apply.emailHint")} type="email" autoComplete="email" />
        <RadioGroup
          meta={fields.language as never}
          legend={t("apply.language")}
          options={[
            { value: "en", label: "English" },
            { value: "es", label: "Español" },
          ]}
        />
        <button type="submit" className="button">
          {t("case.contactSave")}
        </button>
      </Form>
      <p>
        <Link to="/case">{t("case.backToCase")}</Link>
      </p>
    </>
  );
}
