import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { campaignSchema } from "~/modules/campaigns/schema";
import { ErrorSummary, ImageField, RadioGroup, TextAreaField, TextField, useStableForm } from "./form";

export type CampaignDefaults = {
  titleEn: string;
  titleEs: string;
  slug: string;
  summaryEn: string;
  summaryEs: string;
  storyEn: string;
  storyEs: string;
  goalFees: string;
  feeSource: "schedule" | "fixed";
  fixedFee: string;
  startsOn: string;
  endsOn: string;
};

/** The staff campaign form: one zod schema validates here (with JS) and on the server. */
export function CampaignForm(props: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Partial<CampaignDefaults>;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: campaignSchema }),
  });
  const allErrors = form.allErrors as Record<string, string[]>;
  const imageErrors = allErrors.image;
  return (
    <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
      <ErrorSummary
        errors={allErrors}
        fields={{ ...fields, image: { id: "campaign-image" } }}
        labels={{
          titleEn: t("fields.titleEn"),
          titleEs: t("fields.titleEs"),
          slug: t("fields.slug"),
          summaryEn: t("fields.summaryEn"),
          summaryEs: t("fields.summaryEs"),
          storyEn: t("fields.storyEn"),
          storyEs: t("fields.storyEs"),
          goalFees: t("fields.goalFees"),
          feeSource: t("fields.feeSource"),
          fixedFee: t("fields.fixedFee"),
          startsOn: t("fields.startsOn"),
          endsOn: t("fields.endsOn"),
          image: t("fields.image"),
        }}
      />
      <fieldset className="field">
        <legend>{t("staff.campaigns.textHeading")}</legend>
        <TextField meta={fields.titleEn as never} label={t("fields.titleEn")} />
        <TextField meta={fields.titleEs as never} label={t("fields.titleEs")} />
        <TextField meta={fields.slug as never} label={t("fields.slug")} hint={t("staff.campaigns.slugHint")} />
        <TextAreaField meta={fields.summaryEn as never} label={t("fields.summaryEn")} rows={2} />
        <TextAreaField meta={fields.summaryEs as never} label={t("fields.summaryEs")} rows={2} />
        <TextAreaField meta={fields.storyEn as never} label={t("fields.storyEn")} rows={8} />
        <TextAreaField meta={fields.storyEs as never} label={t("fields.storyEs")} rows={8} />
      </fieldset>
      <fieldset className="field">
        <legend>{t("staff.campaigns.moneyHeading")}</legend>
        <TextField meta={fields.goalFees as never} label={t("fields.goalFees")} hint={t("staff.campaigns.goalHint")} inputMode="numeric" />
        <RadioGroup
          meta={fields.feeSource as never}
          legend={t("fields.feeSource")}
          options={[
            { value: "schedule", label: t("staff.campaigns.feeFromSchedule") },
            { value: "fixed", label: t("staff.campaigns.feeFixed") },
          ]}
        />
        <TextField meta={fields.fixedFee as never} label={t("fields.fixedFee")} hint={t("staff.campaigns.fixedFeeHint")} inputMode="decimal" />
      </fieldset>
      <fieldset className="field">
        <legend>{t("staff.campaigns.datesHeading")}</legend>
        <TextField meta={fields.startsOn as never} label={t("fields.startsOn")} type="date" />
        <TextField meta={fields.endsOn as never} label={t("fields.endsOn")} type="date" />
        <ImageField id="campaign-image" name="image" label={t("fields.image")} errors={imageErrors} />
      </fieldset>
      <button type="submit" className="button">
        {props.submitLabel}
      </button>
    </Form>
  );
}
