import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField } from "~/components/form";
import { requireStaff } from "~/modules/auth/guards.server";
import { passwordSchema } from "~/modules/auth/schema";
import { setPassword } from "~/modules/auth/users.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseSubmission, readForm } from "~/modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Your account · Fondo" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  return json({ email: session.user.email, hasPassword: session.user.hasPassword, twoFactor: session.user.totpEnabledAt !== null });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const formData = await readForm(request);
  if (formData.get("intent") === "remove-password") {
    await setPassword(getDb(), { userId: session.user.id, password: null });
    return redirectWithFlash("/staff/account", { kind: "success", key: "staff.account.passwordRemoved" });
  }
  const submission = parseSubmission(formData, { schema: passwordSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password", "confirm"] }), { status: 400 });
  await setPassword(getDb(), { userId: session.user.id, password: submission.value.password });
  return redirectWithFlash("/staff/account", { kind: "success", key: "staff.account.passwordSet" });
}

export default function Account() {
  const { email, hasPassword, twoFactor } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: passwordSchema }), shouldValidate: "onBlur" });
  return (
    <>
      <h1>{t("staff.account.title")}</h1>
      <p>{email}</p>
      <h2>{t("staff.account.twoFactorHeading")}</h2>
      <p>{twoFactor ? t("twoFactor.alreadyOn") : <Link to="/staff/two-factor">{t("staff.account.setUpTwoFactor")}</Link>}</p>
      <h2>{t("staff.account.passwordHeading")}</h2>
      <p>{hasPassword ? t("staff.account.hasPassword") : t("staff.account.noPassword")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <TextField meta={fields.password as never} label={t("fields.newPassword")} type="password" autoComplete="new-password" hint={t("staff.account.passwordHint")} />
        <TextField meta={fields.confirm as never} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
        <button type="submit" className="button">
          {t("staff.account.savePassword")}
        </button>
      </Form>
      {hasPassword ? (
        <Form method="post">
          <input type="hidden" name="intent" value="remove-password" />
          <button type="submit" className="button secondary">
            {t("staff.account.removePassword")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
