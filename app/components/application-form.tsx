import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { applicationSchema, NAME_MAX, NOTE_MAX } from "~/modules/applicants/schema";
import { usStates } from "~/modules/applicants/states";
import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";
import { ErrorSummary, FieldErrors, RadioGroup, SelectField, TextAreaField, TextField, useStableForm } from "./form";

export type ApplicationFormProps = {
  lastResult?: SubmissionResult<string[]> | null;
  language: Language;
  prices: { fixed: number | null; online: number | null; paper: number | null };
  optionalFields: { collectANumber: boolean; collectDateOfBirth: boolean; timeZone: string };
  organizationName: string;
  retentionDays: number;
  noNewsDays: number;
};

/** The application: a plain form post that works without JavaScript; errors come back in the applicant's language. */
export function ApplicationForm(props: ApplicationFormProps) {
  const { t } = useTranslation();
  const schema = applicationSchema(props.optionalFields);
  const [form, fields] = useStableForm({
    id: "apply",
    lastResult: props.lastResult,
    defaultValue: { language: props.language },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const money = (cents: number | null) => (cents ? formatMoney(cents, props.language) : "");
  const { fixed, online, paper } = props.prices;
  const consentError = fields.consent.errors?.length ? fields.consent.errorId : undefined;
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <ErrorSummary
        errors={form.allErrors}
        fields={fields}
        labels={{
          name: t("apply.name"),
          email: t("apply.email"),
          language: t("apply.language"),
          state: t("apply.state"),
          dacaExpiresOn: t("apply.expires"),
          filingMethod: t("apply.filing"),
          note: t("apply.note"),
          aNumber: t("apply.aNumber"),
          dateOfBirth: t("apply.dateOfBirth"),
          consent: t("apply.consentLabel"),
        }}
      />
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
      <SelectField
        meta={fields.state as never}
        label={t("apply.state")}
        options={[{ value: "", label: t("apply.statePlaceholder") }, ...Object.entries(usStates).map(([value, label]) => ({ value, label }))]}
      />
      <TextField meta={fields.dacaExpiresOn as never} label={t("apply.expires")} hint={t("apply.expiresHint")} type="date" />
      <RadioGroup
        meta={fields.filingMethod as never}
        legend={t("apply.filing")}
        options={[
          { value: "online", label: online ? t("apply.filingOnlinePrice", { amount: money(online) }) : t("apply.filingOnline") },
          { value: "paper", label: paper ? t("apply.filingPaperPrice", { amount: money(paper) }) : t("apply.filingPaper") },
        ]}
      />
      {fixed ? <p className="hint">{t("apply.filingFixed", { amount: money(fixed) })}</p> : null}
      <TextAreaField meta={fields.note as never} label={t("apply.note")} hint={t("apply.noteHint")} rows={3} maxLength={NOTE_MAX} />
      {props.optionalFields.collectANumber ? (
        <TextField meta={fields.aNumber as never} label={t("apply.aNumber")} hint={t("apply.aNumberHint")} inputMode="text" />
      ) : null}
      {props.optionalFields.collectDateOfBirth ? (
        <TextField meta={fields.dateOfBirth as never} label={t("apply.dateOfBirth")} hint={t("apply.dateOfBirthHint")} type="date" />
      ) : null}
      <div className="field">
        <label className="choice">
          <input {...getInputProps(fields.consent, { type: "checkbox", value: "on" })} aria-describedby={consentError} />{" "}
          {t("apply.consent", { organizationName: props.organizationName, count: props.retentionDays, noNews: props.noNewsDays })}
        </label>
        <FieldErrors id={fields.consent.errorId} errors={fields.consent.errors} />
      </div>
      <div className="visually-hidden" aria-hidden="true">
        <label htmlFor="apply-website">{t("apply.honeypot")}</label>
        <input id="apply-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <button type="submit" className="button">
        {t("apply.submit")}
      </button>
    </Form>
  );
}
