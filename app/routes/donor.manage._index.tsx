import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, TextField, useStableForm } from "~/components/form";
import { getDb } from "~/modules/db/index.server";
import { queueLinkRequest } from "~/modules/link-requests/link-requests.server";
import { email } from "~/modules/forms/fields";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";
import { consumeRateLimit, rules } from "~/modules/rate-limit/rate-limit.server";
import { parseForm } from "~/modules/forms/read-form.server";

const schema = z.object({ email: email() });

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  return { sent: new URL(request.url).searchParams.get("sent") === "1", title: t("donorManage.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }];

/** Monthly donors ask for a fresh link; the answer is the same whether or not the email is known. */
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const limit = await consumeRateLimit(getDb(), rules.donorLinkPerIp, context.clientIp);
  if (!limit.allowed) return data(submission.reply({ formErrors: ["errors.tooManyAttempts"] }), { status: 429 });
  // The worker emails the links: known and unknown addresses cost the same here.
  await queueLinkRequest(getDb(), { kind: "donor-manage-link", email: submission.value.email, locale: await getLanguage(request) });
  return redirect("/donor/manage?sent=1", 303);
}

export default function DonorManage() {
  const { sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema }) });
  return (
    <>
      <h1>{t("donorManage.title")}</h1>
      <p>{t("donorManage.intro")}</p>
      <p>
        {t("donorPage.manageLead")} <Link to="/donor">{t("donorPage.title")}</Link>
      </p>
      {sent ? (
        <p className="flash" role="status">
          {t("donorManage.sent")}
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ErrorSummary errors={form.allErrors} fields={fields} labels={{ email: t("donate.email") }} />
        <TextField meta={fields.email as never} label={t("donate.email")} type="email" autoComplete="email" />
        <button type="submit" className="button">
          {t("donorManage.send")}
        </button>
      </Form>
    </>
  );
}
