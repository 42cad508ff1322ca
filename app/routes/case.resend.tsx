import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField, useStableForm } from "~/components/form";
import { requestCaseLink } from "~/modules/applicants/resend.server";
import { resendSchema } from "~/modules/applicants/schema";
import { getDb } from "~/modules/db/index.server";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";
import { parseForm } from "~/modules/forms/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  return data({ sent: new URL(request.url).searchParams.get("sent") === "1", title: t("case.resendTitle") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }];

/** A fresh link to a case; the answer is the same whether or not the email is known. */
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, { schema: resendSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await requestCaseLink(getDb(), { email: submission.value.email, ip: context.clientIp, locale: await getLanguage(request) });
  if (outcome === "limited") return data(submission.reply({ formErrors: ["errors.tooManyAttempts"] }), { status: 429 });
  return redirect("/case/resend?sent=1", 303);
}

export default function ResendCaseLink() {
  const { sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({ id: "resend", lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: resendSchema }) });
  return (
    <>
      <h1>{t("case.resendTitle")}</h1>
      <p>{t("case.resendIntro")}</p>
      {sent ? (
        <p className="flash" role="status">
          {t("case.resendSent")}
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ErrorSummary errors={form.allErrors} fields={fields} labels={{ email: t("apply.email") }} />
        <TextField meta={fields.email as never} label={t("apply.email")} type="email" autoComplete="email" />
        <button type="submit" className="button">
          {t("case.resendSend")}
        </button>
      </Form>
    </>
  );
}
