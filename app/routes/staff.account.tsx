import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField, useStableForm } from "~/components/form";
import { changeOwnPassword, FRESH_SIGN_IN_MS, reauthMethodOf } from "~/modules/auth/account-password.server";
import { requireStaff } from "~/modules/auth/guards.server";
import { accountPasswordSchema } from "~/modules/auth/schema";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.account.title") }];

const secretFields = ["password", "confirm", "currentPassword", "code"];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  const method = reauthMethodOf(session.user);
  const fresh = Date.now() - session.createdAt.getTime() <= FRESH_SIGN_IN_MS;
  return data(
    { email: session.user.email, hasPassword: session.user.hasPassword, twoFactor: session.user.totpEnabledAt !== null, method, fresh },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const submission = await parseForm(request, { schema: accountPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: secretFields }), { status: 400 });
  const { value } = submission;
  if (value.intent === "remove-password" && !session.user.hasPassword)
    return data(submission.reply({ formErrors: ["staff.account.noPasswordToRemove"], hideFields: secretFields }), { status: 400 });
  const outcome = await changeOwnPassword(getDb(), {
    session,
    password: value.intent === "set-password" ? value.password : null,
    currentPassword: value.currentPassword,
    code: value.code,
    ip: context.clientIp,
  });
  if (outcome.kind === "rate_limited")
    return data(submission.reply({ formErrors: ["errors.tooManyAttempts"], hideFields: secretFields }), {
      status: 429,
      headers: { "Retry-After": String(outcome.retryAfterSeconds) },
    });
  if (outcome.kind === "wrong_proof")
    return data(
      submission.reply({ fieldErrors: { [outcome.field]: [outcome.field === "code" ? "errors.totpWrong" : "staff.account.wrongCurrentPassword"] }, hideFields: secretFields }),
      { status: 400 },
    );
  if (outcome.kind === "stale_session")
    return data(submission.reply({ formErrors: ["staff.account.signInAgain"], hideFields: secretFields }), { status: 403 });
  return redirectWithFlash("/staff/account", {
    kind: "success",
    key: value.intent === "set-password" ? "staff.account.passwordSet" : "staff.account.passwordRemoved",
  });
}

export default function Account() {
  const { email, hasPassword, twoFactor, method, fresh } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const lastIntent = (lastResult?.initialValue as { intent?: string } | undefined)?.intent;
  const options = { onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema: accountPasswordSchema }) };
  const [form, fields] = useStableForm({ id: "set-password", lastResult: lastIntent === "set-password" ? lastResult : undefined, ...options });
  const [removeForm, removeFields] = useStableForm({ id: "remove-password", lastResult: lastIntent === "remove-password" ? lastResult : undefined, ...options });
  const proof = (f: typeof fields) =>
    method === "password" ? (
      <TextField meta={f.currentPassword as never} label={t("staff.account.currentPassword")} type="password" autoComplete="current-password" />
    ) : method === "code" ? (
      <TextField meta={f.code as never} label={t("twoFactor.code")} inputMode="numeric" autoComplete="one-time-code" hint={t("staff.account.codeHint")} />
    ) : null;
  return (
    <>
      <h1>{t("staff.account.title")}</h1>
      <p>{email}</p>
      <h2>{t("staff.account.twoFactorHeading")}</h2>
      <p>{twoFactor ? t("twoFactor.alreadyOn") : <Link to="/staff/two-factor">{t("staff.account.setUpTwoFactor")}</Link>}</p>
      <h2>{t("staff.account.passwordHeading")}</h2>
      <p>{hasPassword ? t("staff.account.hasPassword") : t("staff.account.noPassword")}</p>
      <p className="hint">{t("staff.account.otherSessionsEnd")}</p>
      {method === "fresh-sign-in" && !fresh ? (
        <p className="flash">
          {t("staff.account.signInAgain")} <Link to="/sign-in?redirectTo=/staff/account">{t("nav.signIn")}</Link>
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ErrorSummary errors={{ form: form.errors }} fields={{}} labels={{}} />
        <input type="hidden" name="intent" value="set-password" />
        {proof(fields)}
        <TextField meta={fields.password as never} label={t("fields.newPassword")} type="password" autoComplete="new-password" hint={t("staff.account.passwordHint")} />
        <TextField meta={fields.confirm as never} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
        <button type="submit" className="button">
          {t("staff.account.savePassword")}
        </button>
      </Form>
      {hasPassword ? (
        <>
          <h3>{t("staff.account.removePassword")}</h3>
          <Form method="post" className="stack" {...getFormProps(removeForm)}>
            <ErrorSummary errors={{ form: removeForm.errors }} fields={{}} labels={{}} />
            <input type="hidden" name="intent" value="remove-password" />
            {proof(removeFields)}
            <button type="submit" className="button secondary">
              {t("staff.account.removePassword")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
