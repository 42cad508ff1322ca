import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, useStableForm } from "~/components/form";
import { requireAdmin } from "~/modules/auth/guards.server";
import { inviteSchema } from "~/modules/auth/schema";
import { inviteUser, listStaff, UserError } from "~/modules/auth/users.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.users.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const users = await listStaff(getDb());
  return {
    users: users.map((u) => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role, status: u.status, twoFactor: u.totpEnabledAt !== null })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireAdmin(request);
  const submission = await parseForm(request, { schema: inviteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await inviteUser(getDb(), { ...submission.value, actorUserId: session.user.id });
  } catch (error) {
    if (error instanceof UserError) return data(submission.reply({ fieldErrors: { email: [error.messageKey] } }), { status: 400 });
    throw error;
  }
  return redirectWithFlash("/staff/users", { kind: "success", key: "staff.users.invited", params: { email: submission.value.email } });
}

export default function StaffUsers() {
  const { users } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    lastResult,
    defaultValue: { role: "reviewer", locale: "en" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteSchema }),
  });
  return (
    <>
      <h1>{t("staff.users.title")}</h1>
      <TableScroll label={t("staff.users.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("fields.role")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col">{t("staff.users.twoFactor")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/staff/users/${u.id}`}>{u.email}</Link>
                  {u.displayName ? ` (${u.displayName})` : null}
                </td>
                <td>{t(`roles.${u.role}`)}</td>
                <td>
                  <span className={`badge ${u.status}`}>{t(`userStatus.${u.status}`)}</span>
                </td>
                <td>{u.twoFactor ? t("common.yes") : t("common.no")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t("staff.users.inviteHeading")}</h2>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ErrorSummary errors={form.allErrors} fields={fields} labels={{ email: t("fields.email"), displayName: t("fields.displayName"), role: t("fields.role"), locale: t("fields.emailLanguage") }} />
        <TextField meta={fields.email as never} label={t("fields.email")} type="email" autoComplete="off" />
        <TextField meta={fields.displayName as never} label={t("fields.displayName")} />
        <SelectField
          meta={fields.role as never}
          label={t("fields.role")}
          options={[
            { value: "reviewer", label: t("roles.reviewer") },
            { value: "admin", label: t("roles.admin") },
          ]}
        />
        <SelectField
          meta={fields.locale as never}
          label={t("fields.emailLanguage")}
          options={[
            { value: "en", label: "English" },
            { value: "es", label: "Español" },
          ]}
        />
        <button type="submit" className="button">
          {t("staff.users.invite")}
        </button>
      </Form>
    </>
  );
}
