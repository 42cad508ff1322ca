import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, useStableForm } from "~/components/form";
import { requireAdmin, requireStaff } from "~/modules/auth/guards.server";
import { addFeeSchedule, FeeScheduleError, listFeeSchedules } from "~/modules/campaigns/fees.server";
import { feeScheduleSchema } from "~/modules/campaigns/schema";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { formatDate } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { parseForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.fees.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  return { language: await getLanguage(request), canEdit: session.user.role === "admin", schedules: await listFeeSchedules(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireAdmin(request);
  const submission = await parseForm(request, { schema: feeScheduleSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await addFeeSchedule(getDb(), submission.value, session.user.id);
  } catch (error) {
    if (error instanceof FeeScheduleError) return data(submission.reply({ fieldErrors: { effectiveFrom: [error.message] } }), { status: 400 });
    throw error;
  }
  return redirectWithFlash("/staff/fee-schedules", { kind: "success", key: "staff.fees.added" });
}

export default function FeeSchedules() {
  const { schedules, canEdit, language } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    lastResult,
    defaultValue: { program: "daca_renewal", filingMethod: "online", components: [{}, {}] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: feeScheduleSchema }),
  });
  const components = fields.components.getFieldList();
  return (
    <>
      <h1>{t("staff.fees.title")}</h1>
      <p>{t("staff.fees.intro")}</p>
      <TableScroll label={t("staff.fees.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.filingMethod")}</th>
              <th scope="col">{t("staff.fees.inForce")}</th>
              <th scope="col">{t("staff.fees.components")}</th>
              <th scope="col">{t("staff.fees.total")}</th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id}>
                <td>{language === "es" ? s.nameEs : s.nameEn}</td>
                <td>{t(`filingMethod.${s.filingMethod}`)}</td>
                <td>
                  {formatDate(s.effectiveFrom, language)} – {s.effectiveUntil ? formatDate(s.effectiveUntil, language) : t("staff.fees.now")}
                </td>
                <td>
                  <ul>
                    {s.components.map((c) => (
                      <li key={c.id}>
                        {c.form}: {formatMoney(c.amountCents, language)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{formatMoney(s.components.reduce((sum, c) => sum + c.amountCents, 0), language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {canEdit ? (
        <>
          <h2>{t("staff.fees.addHeading")}</h2>
          <p>{t("staff.fees.addIntro")}</p>
          <Form method="post" className="stack" {...getFormProps(form)}>
            <ErrorSummary errors={form.allErrors} fields={fields} labels={{ nameEn: t("fields.nameEn"), nameEs: t("fields.nameEs"), filingMethod: t("fields.filingMethod"), effectiveFrom: t("fields.effectiveFrom"), components: t("staff.fees.components") }} />
            <input type="hidden" name="program" value="daca_renewal" />
            <TextField meta={fields.nameEn as never} label={t("fields.nameEn")} />
            <TextField meta={fields.nameEs as never} label={t("fields.nameEs")} />
            <SelectField
              meta={fields.filingMethod as never}
              label={t("fields.filingMethod")}
              options={[
                { value: "online", label: t("filingMethod.online") },
                { value: "paper", label: t("filingMethod.paper") },
              ]}
            />
            <TextField meta={fields.effectiveFrom as never} label={t("fields.effectiveFrom")} type="date" />
            {components.map((component, index) => {
              const c = component.getFieldset();
              return (
                <fieldset key={component.key} className="field">
                  <legend>{t("staff.fees.componentN", { n: index + 1 })}</legend>
                  <TextField meta={c.form as never} label={t("fields.form")} />
                  <TextField meta={c.labelEn as never} label={t("fields.labelEn")} />
                  <TextField meta={c.labelEs as never} label={t("fields.labelEs")} />
                  <TextField meta={c.amount as never} label={t("fields.amountDollars")} inputMode="decimal" />
                </fieldset>
              );
            })}
            <button type="submit" className="button">
              {t("staff.fees.add")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
