import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, ImageField, SelectField, TextField, useStableForm } from "~/components/form";
import { requireAdmin } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseFormWithImage } from "~/modules/images/images.server";
import { getOrganization, saveOrganization } from "~/modules/organization/organization.server";
import { organizationSchema, timezoneOptions } from "~/modules/organization/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { parseSubmission } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.settings.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { organization: await getOrganization(getDb()), timezones: timezoneOptions };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireAdmin(request);
  const { formData, image, imageError } = await parseFormWithImage(request, "logo");
  const submission = parseSubmission(formData, { schema: organizationSchema });
  if (submission.status !== "success" || imageError) {
    const fieldErrors: Record<string, string[]> = { ...(submission.status !== "success" ? submission.error : {}) } as never;
    if (imageError) fieldErrors.logo = [imageError];
    return data(submission.reply({ fieldErrors }), { status: 400 });
  }
  const { removeLogo, ...values } = submission.value;
  await saveOrganization(getDb(), { ...values, logo: image, dropLogo: removeLogo === "on" });
  const { collectANumber, collectDateOfBirth, caseRetentionDays, noNewsDays, paidNotFiledDays, fundedNotPaidDays, refileWindowDays } = values;
  await recordAudit(getDb(), {
    actorUserId: session.user.id,
    action: "organization.updated",
    subjectType: "organization",
    subjectId: "1",
    details: { collectANumber, collectDateOfBirth, caseRetentionDays, noNewsDays, paidNotFiledDays, fundedNotPaidDays, refileWindowDays },
  });
  return redirectWithFlash("/staff/settings", { kind: "success", key: "staff.settings.saved" });
}

export default function OrganizationSettings() {
  const { organization, timezones } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    lastResult,
    // Conform reads a ticked checkbox as "on".
    defaultValue: Object.fromEntries(Object.entries(organization).map(([k, v]) => [k, v === true ? "on" : v === false ? "" : (v ?? "")])),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationSchema }),
  });
  const logoErrors = (form.allErrors as Record<string, string[]>).logo;
  return (
    <>
      <h1>{t("staff.settings.title")}</h1>
      <p>{t("staff.settings.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <ErrorSummary
          errors={form.allErrors}
          fields={{ ...fields, logo: { id: "org-logo" } }}
          labels={{
            name: t("fields.organizationName"),
            ein: t("fields.ein"),
            contactEmail: t("fields.contactEmail"),
            addressLine1: t("fields.addressLine1"),
            addressLine2: t("fields.addressLine2"),
            city: t("fields.city"),
            region: t("fields.region"),
            postalCode: t("fields.postalCode"),
            timezone: t("fields.timezone"),
            logo: t("fields.logo"),
            caseRetentionDays: t("privacySettings.retentionDays"),
          }}
        />
        <TextField meta={fields.name as never} label={t("fields.organizationName")} />
        <TextField meta={fields.ein as never} label={t("fields.ein")} hint={t("staff.settings.einHint")} />
        <TextField meta={fields.contactEmail as never} label={t("fields.contactEmail")} type="email" />
        <fieldset className="field">
          <legend>{t("staff.settings.address")}</legend>
          <TextField meta={fields.addressLine1 as never} label={t("fields.addressLine1")} autoComplete="address-line1" />
          <TextField meta={fields.addressLine2 as never} label={t("fields.addressLine2")} autoComplete="address-line2" />
          <TextField meta={fields.city as never} label={t("fields.city")} autoComplete="address-level2" />
          <TextField meta={fields.region as never} label={t("fields.region")} autoComplete="address-level1" />
          <TextField meta={fields.postalCode as never} label={t("fields.postalCode")} autoComplete="postal-code" />
        </fieldset>
        <SelectField meta={fields.timezone as never} label={t("fields.timezone")} options={timezones.map((tz) => ({ value: tz, label: tz }))} />
        <ImageField id="org-logo" name="logo" label={t("fields.logo")} errors={logoErrors}>
          {organization.logoImageId ? <img src={`/images/${organization.logoImageId}`} alt={t("staff.settings.currentLogo")} height={64} /> : null}
        </ImageField>
        {organization.logoImageId ? (
          <label className="choice field">
            <input type="checkbox" name="removeLogo" /> {t("staff.settings.removeLogo")}
          </label>
        ) : null}
        <fieldset className="field">
          <legend>{t("privacySettings.heading")}</legend>
          <p className="hint">{t("privacySettings.intro")}</p>
          <label className="choice">
            <input {...getInputProps(fields.collectANumber as never, { type: "checkbox" })} /> {t("privacySettings.collectANumber")}
          </label>
          <label className="choice">
            <input {...getInputProps(fields.collectDateOfBirth as never, { type: "checkbox" })} /> {t("privacySettings.collectDateOfBirth")}
          </label>
          <TextField
            meta={fields.caseRetentionDays as never}
            label={t("privacySettings.retentionDays")}
            hint={t("privacySettings.retentionHint")}
            type="number"
            inputMode="numeric"
          />
          <TextField meta={fields.noNewsDays as never} label={t("privacySettings.noNewsDays")} hint={t("privacySettings.noNewsHint")} type="number" inputMode="numeric" />
        </fieldset>
        <fieldset className="field">
          <legend>{t("privacySettings.followUpHeading")}</legend>
          <TextField meta={fields.paidNotFiledDays as never} label={t("privacySettings.paidNotFiledDays")} type="number" inputMode="numeric" />
          <TextField meta={fields.fundedNotPaidDays as never} label={t("privacySettings.fundedNotPaidDays")} type="number" inputMode="numeric" />
          <TextField meta={fields.refileWindowDays as never} label={t("privacySettings.refileWindowDays")} hint={t("privacySettings.refileWindowHint")} type="number" inputMode="numeric" />
        </fieldset>
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
    </>
  );
}
