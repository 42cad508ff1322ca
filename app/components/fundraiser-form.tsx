import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";
import { fundraiserSchema } from "~/modules/fundraisers/schema";
import { ErrorSummary, SelectField, TextAreaField, TextField, useStableForm } from "./form";

type Values = Record<string, string>;
type CampaignOption = { id: string; title: string; feeCents: number | null };

function fundraiserLabels(t: TFunction): Record<string, string> {
  const names = ["campaign", "title", "slug", "storyEn", "storyEs", "goalFees", "startsOn", "endsOn", "eventOn", "eventPlace", "matchCap", "matchStartsOn", "matchEndsOn"] as const;
  // The form's field is campaignId; its place is the campaign's, first.
  return Object.fromEntries(names.map((name) => [name === "campaign" ? "campaignId" : name, t(`host.fields.${name}`)]));
}

/**
 * The host's fundraiser form. On a live page (`locked`) the campaign, goal, dates and match
 * pledge are fixed and sent back unchanged; the title and story go to review.
 */
export function FundraiserForm(props: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: Values;
  campaigns: CampaignOption[];
  submitLabel: string;
  language: Language;
  locked?: boolean;
  /** The public address before the page's own part ("https://…/f/"): shows the editable address. */
  slugPrefix?: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    id: "fundraiser",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: fundraiserSchema }),
  });
  const money = (c: number) => formatMoney(c, props.language);
  const fees = props.campaigns
    .filter((c) => c.feeCents)
    .map((c) => t("host.form.feeOf", { campaign: c.title, amount: money(c.feeCents!) }))
    .join(" ");
  const fixed = ["campaignId", "goalFees", "startsOn", "endsOn", "matchCap", "matchStartsOn", "matchEndsOn"] as const;
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <ErrorSummary errors={form.allErrors} fields={fields} labels={fundraiserLabels(t)} />
      <input type="hidden" name="intent" value="save" />
      {props.locked ? (
        <>
          {fixed.map((name) => (
            <input key={name} type="hidden" name={name} value={props.defaultValue[name] ?? ""} />
          ))}
          <p className="hint">{t("host.form.lockedNote")}</p>
        </>
      ) : (
        <SelectField
          meta={fields.campaignId as never}
          label={t("host.fields.campaign")}
          options={[{ value: "", label: t("host.form.chooseCampaign") }, ...props.campaigns.map((c) => ({ value: c.id, label: c.title }))]}
        />
      )}
      <TextField meta={fields.title as never} label={t("host.fields.title")} hint={t("host.form.titleHint")} />
      {props.slugPrefix && !props.locked ? (
        <TextField meta={fields.slug as never} label={t("host.fields.slug")} hint={t("host.form.slugHint", { prefix: props.slugPrefix })} autoComplete="off" />
      ) : null}
      <TextAreaField meta={fields.storyEn as never} label={t("host.fields.storyEn")} hint={t("host.form.storyHint")} rows={6} />
      <TextAreaField meta={fields.storyEs as never} label={t("host.fields.storyEs")} rows={6} />
      {props.locked ? null : (
        <>
          <TextField meta={fields.goalFees as never} label={t("host.fields.goalFees")} type="number" inputMode="numeric" hint={`${t("host.form.goalHint")} ${fees}`} />
          <TextField meta={fields.startsOn as never} label={t("host.fields.startsOn")} type="date" />
          <TextField meta={fields.endsOn as never} label={t("host.fields.endsOn")} type="date" />
        </>
      )}
      <fieldset className="field">
        <legend>{t("host.form.event")}</legend>
        <p className="hint">{t("host.form.eventHint")}</p>
        <TextField meta={fields.eventOn as never} label={t("host.fields.eventOn")} type="date" />
        <TextField meta={fields.eventPlace as never} label={t("host.fields.eventPlace")} />
      </fieldset>
      {props.locked ? null : (
        <fieldset className="field">
          <legend>{t("host.form.match")}</legend>
          <p className="hint">{t("host.form.matchHint")}</p>
          <TextField meta={fields.matchCap as never} label={t("host.fields.matchCap")} inputMode="decimal" />
          <TextField meta={fields.matchStartsOn as never} label={t("host.fields.matchStartsOn")} type="date" />
          <TextField meta={fields.matchEndsOn as never} label={t("host.fields.matchEndsOn")} type="date" />
        </fieldset>
      )}
      <button type="submit" className="button">
        {props.submitLabel}
      </button>
    </Form>
  );
}
