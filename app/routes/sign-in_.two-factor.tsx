import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField, useStableForm } from "~/components/form";
import { requireUser, safeRedirect } from "~/modules/auth/guards.server";
import { totpCodeSchema } from "~/modules/auth/schema";
import { completeSecondFactor } from "~/modules/auth/two-factor.server";
import { getDb } from "~/modules/db/index.server";
import { parseForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

// How long a slowed-down visitor should wait, on the page answer too (not only on data requests).
export const headers: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const merged = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) merged.set("Retry-After", retryAfter);
  return merged;
};

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "twoFactor.stepTitle") }];

const anyone = { roles: ["admin", "reviewer", "host"] as const, allowPendingSecondFactor: true };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUser(request, { ...anyone, roles: [...anyone.roles] });
  if (session.twoFactorVerified) throw redirect("/staff");
  if (!session.user.totpEnabledAt) throw redirect("/staff/two-factor");
  return {};
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireUser(request, { ...anyone, roles: [...anyone.roles] });
  const submission = await parseForm(request, { schema: totpCodeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const next = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), session.user.role === "host" ? "/host" : "/staff");
  const outcome = await completeSecondFactor(getDb(), { userId: session.user.id, sessionId: session.id, code: submission.value.code, ip: context.clientIp });
  if (outcome.kind === "rate_limited")
    return data(submission.reply({ fieldErrors: { code: ["errors.tooManyAttempts"] } }), { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
  if (outcome.kind === "wrong") return data(submission.reply({ fieldErrors: { code: ["errors.totpWrong"] } }), { status: 400 });
  return redirect(next, 303);
}

export default function TwoFactorStep() {
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: totpCodeSchema }) });
  return (
    <>
      <h1>{t("twoFactor.stepTitle")}</h1>
      <p>{t("twoFactor.stepIntro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <TextField meta={fields.code as never} label={t("twoFactor.code")} inputMode="numeric" autoComplete="one-time-code" />
        <button type="submit" className="button">
          {t("twoFactor.verify")}
        </button>
      </Form>
    </>
  );
}
