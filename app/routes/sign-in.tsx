import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField, useStableForm } from "~/components/form";
import { getSession, safeRedirect } from "~/modules/auth/guards.server";
import { signInSchema } from "~/modules/auth/schema";
import { signIn } from "~/modules/auth/sign-in.server";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { parseForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

// How long a slowed-down visitor should wait, on the page answer too (not only on data requests).
export const headers: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const merged = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) merged.set("Retry-After", retryAfter);
  return merged;
};

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "signIn.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  const url = new URL(request.url);
  if (session && session.twoFactorVerified) throw redirect(session.user.role === "host" ? "/host" : "/staff");
  return { sent: url.searchParams.get("sent") === "1", redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, { schema: signInSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  // Judged before anything is written: a bad target falls back to the account's home page.
  const redirectTo = safeRedirect(submission.value.redirectTo, "");
  const result = await signIn({ ...submission.value, ip: context.clientIp, locale: await getLanguage(request) });
  if (result.kind === "rate_limited")
    return data(submission.reply({ formErrors: ["errors.tooManyAttempts"], hideFields: ["password"] }), {
      status: 429,
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  if (result.kind === "link_sent") return redirect("/sign-in?sent=1", 303);
  if (result.kind === "bad_credentials")
    return data(submission.reply({ fieldErrors: { password: ["errors.badCredentials"] }, hideFields: ["password"] }), { status: 400 });
  const next = result.needsSecondFactor
    ? `/sign-in/two-factor${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`
    : redirectTo || (result.role === "host" ? "/host" : "/staff");
  return redirect(next, { status: 303, headers: { "Set-Cookie": result.setCookie } });
}

export default function SignIn() {
  const { sent, redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [linkForm, linkFields] = useStableForm({
    id: "sign-in-link",
    lastResult: lastResult?.initialValue?.intent === "link" ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
  });
  const [pwForm, pwFields] = useStableForm({
    id: "sign-in-password",
    lastResult: lastResult?.initialValue?.intent === "password" ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
  });
  return (
    <>
      <h1>{t("signIn.title")}</h1>
      {sent ? (
        <p className="flash" role="status">
          {t("signIn.sent")}
        </p>
      ) : null}
      <section aria-labelledby="link-heading">
        <h2 id="link-heading">{t("signIn.linkHeading")}</h2>
        <p>{t("signIn.linkIntro")}</p>
        <Form method="post" className="stack" {...getFormProps(linkForm)}>
          {linkForm.errors?.length ? <ErrorSummary errors={{ form: linkForm.errors }} fields={{}} labels={{}} /> : null}
          <input type="hidden" name="intent" value="link" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextField meta={linkFields.email as never} label={t("fields.email")} type="email" autoComplete="email" />
          <button type="submit" className="button">
            {t("signIn.sendLink")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t("signIn.passwordHeading")}</h2>
        <Form method="post" className="stack" {...getFormProps(pwForm)}>
          {pwForm.errors?.length ? <ErrorSummary errors={{ form: pwForm.errors }} fields={{}} labels={{}} /> : null}
          <input type="hidden" name="intent" value="password" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextField meta={pwFields.email as never} label={t("fields.email")} type="email" autoComplete="username" />
          <TextField meta={(pwFields as Record<string, unknown>).password as never} label={t("fields.password")} type="password" autoComplete="current-password" />
          <button type="submit" className="button secondary">
            {t("signIn.withPassword")}
          </button>
        </Form>
      </section>
    </>
  );
}
