import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";
import type { CardRate } from "~/modules/donations/pricing";
import { DONOR_MESSAGE_MAX, DONOR_NAME_MAX, TRIBUTE_NAME_MAX, donateSchema } from "~/modules/donations/schema";
import { parseMoney } from "~/modules/money/parse";
import { BankSuggestion, CardFeeHint } from "./card-fee-hint";
import { ErrorSummary, FieldErrors, RadioGroup, SelectField, TextAreaField, TextField, useStableForm } from "./form";

type Preset = { key: "full" | "half" | "quarter"; cents: number };

/**
 * The donate form: presets tied to the campaign's fee, another amount, one-time or monthly,
 * optional card-fee cover. A plain form post (works without JavaScript); the server answers
 * with Stripe Checkout or with field errors in the donor's language.
 */
export function DonateForm(props: {
  presets: Preset[];
  /** The custom amount's bounds (settings), shown as a hint. */
  bounds: { minCents: number; maxCents: number };
  lastResult?: SubmissionResult<string[]> | null;
  language: Language;
  action?: string;
  withHostConsent?: boolean;
  /** "_top" from the embeddable widget: Checkout cannot load inside a frame. */
  target?: "_top";
  /** Names the business in the consent to share name and email. */
  businessName?: string;
  /** The configured card rate the fee cover is computed at (shown before checkout). */
  cardRate: CardRate;
  /** A fresh key per render (loader): every repeat of this form opens the same one Checkout. */
  submissionKey: string;
  /** US bank accounts, when the organization offers them: their rate and from which gift the form suggests them. */
  bank?: { rate: CardRate; suggestFromCents: number } | null;
}) {
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    id: "donate",
    lastResult: props.lastResult,
    defaultValue: { amount: "full", frequency: "one_time", paymentMethod: "card", tributeKind: "none", tributeLanguage: props.language },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: donateSchema({ min: props.bounds.minCents, max: props.bounds.maxCents }) }),
  });
  const money = (c: number) => formatMoney(c, props.language);
  const submissionKey = useSubmissionKey(props.submissionKey, props.lastResult);
  const navigation = useNavigation();
  const sending = navigation.state !== "idle" && navigation.formData?.get("intent") === "donate";
  // The gift chosen so far, read from the form as the donor changes it; null before hydration.
  const [giftCents, setGiftCents] = useState<number | null>(null);
  const [byBank, setByBank] = useState(fields.paymentMethod.initialValue === "bank");
  const { presets, bounds } = props;
  // A dedication started or refused stays in view.
  const tributeFields = [fields.tributeKind, fields.tributeName, fields.tributeNotifyName, fields.tributeNotifyEmail, fields.tributeMessage];
  const tributeOpen = tributeFields.some((f) => f.errors?.length) || (fields.tributeKind.initialValue ?? "none") !== "none";
  useEffect(() => setGiftCents(giftChosen(document.getElementById(form.id) as HTMLFormElement | null, presets, bounds)), [form.id, presets, bounds]);
  // Typed means chosen: typing an amount selects "other"; choosing a preset empties the box, so
  // what is checked is what the server charges (without JavaScript the server prefers the typed amount).
  const chooseOther = (event: { currentTarget: HTMLInputElement }) => {
    const other = event.currentTarget.form?.querySelector<HTMLInputElement>('input[name="amount"][value="other"]');
    if (other && event.currentTarget.value.trim() !== "" && !other.checked) {
      other.checked = true;
      other.dispatchEvent(new Event("input", { bubbles: true }));
    }
  };
  const clearOtherAmount = (event: { currentTarget: HTMLInputElement }) => {
    const box = event.currentTarget.form?.querySelector<HTMLInputElement>('input[name="otherAmount"]');
    if (box && box.value !== "") {
      box.value = "";
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
  };
  const radio = (name: "amount" | "frequency" | "paymentMethod", value: string, label: string, initial: unknown) => (
    <label className="choice" key={value}>
      <input type="radio" name={name} value={value} defaultChecked={initial === value} onChange={name === "amount" && value !== "other" ? clearOtherAmount : undefined} />{" "}
      {label}
    </label>
  );
  return (
    <Form method="post" action={props.action} target={props.target} reloadDocument={props.target !== undefined} className="stack donate-form" {...getFormProps(form)} onChange={(e) => {
        setGiftCents(giftChosen(e.currentTarget, presets, bounds));
        setByBank(new FormData(e.currentTarget).get("paymentMethod") === "bank");
      }}>
      <ErrorSummary
        errors={form.allErrors}
        fields={fields}
        labels={{
          amount: t("donate.amount"),
          otherAmount: t("donate.otherAmount"),
          frequency: t("donate.frequency"),
          paymentMethod: t("bankGifts.legend"),
          coverFees: t("donate.coverFees"),
          name: t("donate.name"),
          email: t("donate.email"),
          anonymous: t("donate.anonymous"),
          message: t("donate.message"),
          showOnWall: t("donate.showOnWall"),
          impactEmails: t("donorPage.impactOptIn"),
          shareWithHost: props.businessName ? t("fundraiser.shareWith", { business: props.businessName }) : t("donate.shareWithHost"),
          tributeKind: t("tribute.legend"),
          tributeName: t("tribute.name"),
          tributeNotifyName: t("tribute.notifyName"),
          tributeNotifyEmail: t("tribute.notifyEmail"),
          tributeLanguage: t("tribute.language"),
          tributeMessage: t("tribute.message"),
        }}
      />
      <input type="hidden" name="intent" value="donate" />
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <fieldset className="field" aria-describedby={fields.amount.errors?.length ? fields.amount.errorId : undefined}>
        <legend>{t("donate.amount")}</legend>
        {props.presets.map((p) => radio("amount", p.key, t(`donate.preset.${p.key}`, { amount: money(p.cents) }), fields.amount.initialValue))}
        {radio("amount", "other", t("donate.preset.other"), fields.amount.initialValue)}
        <FieldErrors id={fields.amount.errorId} errors={fields.amount.errors} />
      </fieldset>
      <TextField meta={fields.otherAmount as never} label={t("donate.otherAmount")} hint={t("donate.otherHint", { min: money(props.bounds.minCents), max: money(props.bounds.maxCents) })} inputMode="decimal" onInput={chooseOther} />
      <fieldset className="field">
        <legend>{t("donate.frequency")}</legend>
        {radio("frequency", "one_time", t("donate.oneTime"), fields.frequency.initialValue)}
        {radio("frequency", "monthly", t("donate.monthly"), fields.frequency.initialValue)}
      </fieldset>
      {props.bank ? (
        <fieldset className="field" aria-describedby={fields.paymentMethod.errors?.length ? fields.paymentMethod.errorId : undefined}>
          <legend>{t("bankGifts.legend")}</legend>
          {radio("paymentMethod", "card", t("bankGifts.card"), fields.paymentMethod.initialValue)}
          {radio("paymentMethod", "bank", t("bankGifts.bank"), fields.paymentMethod.initialValue)}
          {giftCents === null || (giftCents >= props.bank.suggestFromCents && !byBank) ? (
            <BankSuggestion giftCents={giftCents} rates={{ card: props.cardRate, bank: props.bank.rate }} language={props.language} />
          ) : null}
          <FieldErrors id={fields.paymentMethod.errorId} errors={fields.paymentMethod.errors} />
        </fieldset>
      ) : null}
      <div className="field">
        <label className="choice">
          <input {...getInputProps(fields.coverFees, { type: "checkbox" })} aria-describedby="donate-fee-hint" /> {byBank ? t("bankGifts.coverFees") : t("donate.coverFees")}
        </label>
        <CardFeeHint id="donate-fee-hint" giftCents={giftCents} rate={byBank && props.bank ? props.bank.rate : props.cardRate} bank={byBank && !!props.bank} language={props.language} />
      </div>
      <TextField meta={fields.name as never} label={t("donate.name")} autoComplete="name" maxLength={DONOR_NAME_MAX} />
      <TextField meta={fields.email as never} label={t("donate.email")} type="email" autoComplete="email" hint={t("donate.emailHint")} />
      <label className="choice field">
        <input {...getInputProps(fields.anonymous, { type: "checkbox" })} /> {t("donate.anonymous")}
      </label>
      <TextAreaField meta={fields.message as never} label={t("donate.message")} rows={3} maxLength={DONOR_MESSAGE_MAX} />
      <label className="choice field">
        <input {...getInputProps(fields.showOnWall, { type: "checkbox" })} /> {t("donate.showOnWall")}
      </label>
      <label className="choice field">
        <input {...getInputProps(fields.impactEmails, { type: "checkbox" })} /> {t("donorPage.impactOptIn")}
      </label>
      <details className="field tribute" open={tributeOpen || undefined}>
        <summary>{t("tribute.summary")}</summary>
        <RadioGroup
          meta={fields.tributeKind as never}
          legend={t("tribute.legend")}
          options={(["none", "honor", "memory"] as const).map((value) => ({ value, label: t(`tribute.${value}`) }))}
        />
        <TextField meta={fields.tributeName as never} label={t("tribute.name")} maxLength={TRIBUTE_NAME_MAX} />
        <TextField meta={fields.tributeNotifyName as never} label={t("tribute.notifyName")} maxLength={TRIBUTE_NAME_MAX} />
        <TextField meta={fields.tributeNotifyEmail as never} label={t("tribute.notifyEmail")} type="email" hint={t("tribute.notifyHint")} />
        <SelectField
          meta={fields.tributeLanguage as never}
          label={t("tribute.language")}
          options={[
            { value: "en", label: "English" },
            { value: "es", label: "Español" },
          ]}
        />
        <TextAreaField meta={fields.tributeMessage as never} label={t("tribute.message")} rows={3} maxLength={DONOR_MESSAGE_MAX} />
        <label className="choice field">
          <input {...getInputProps(fields.tributeShowAmount, { type: "checkbox" })} /> {t("tribute.showAmount")}
        </label>
      </details>
      {props.withHostConsent ? (
        <div className="field">
          <label className="choice">
            <input
              {...getInputProps(fields.shareWithHost, { type: "checkbox" })}
              aria-describedby={[`${fields.shareWithHost.id}-hint`, fields.shareWithHost.errors?.length ? fields.shareWithHost.errorId : ""].join(" ").trim()}
            />{" "}
            {props.businessName ? t("fundraiser.shareWith", { business: props.businessName }) : t("donate.shareWithHost")}
          </label>
          <p id={`${fields.shareWithHost.id}-hint`} className="hint">
            {t("donate.anonymousOrShare")}
          </p>
          <FieldErrors id={fields.shareWithHost.errorId} errors={fields.shareWithHost.errors} />
        </div>
      ) : null}
      <div className="visually-hidden" aria-hidden="true">
        <label htmlFor="donate-website">Website</label>
        <input id="donate-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      {/* Same label while sending, so nothing moves; the server answers repeats anyway (no JavaScript). */}
      <button type="submit" className="button" disabled={sending} aria-busy={sending || undefined}>
        {t("donate.submit")}
      </button>
      <p className="hint">{t("donate.secure")}</p>
    </Form>
  );
}

/**
 * The rendered key until hydration; then one made in this browser (a shared cache may have served
 * the page's key to someone else), and a new one after each refused reply, since a refused key may
 * already be spent on a failed or different gift.
 */
function useSubmissionKey(rendered: string, lastResult: unknown): string {
  const [key, setKey] = useState(rendered);
  useEffect(() => {
    if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") setKey(crypto.randomUUID());
  }, [rendered, lastResult]);
  return key;
}

/** The gift in cents the form now describes (a typed amount wins, as on the server); null otherwise. */
function giftChosen(formElement: HTMLFormElement | null, presets: Preset[], bounds: { minCents: number; maxCents: number }): number | null {
  if (!formElement) return null;
  const data = new FormData(formElement);
  const typed = String(data.get("otherAmount") ?? "");
  if (typed.trim() !== "") {
    const parsed = parseMoney(typed, { min: bounds.minCents, max: bounds.maxCents });
    return parsed.ok ? parsed.cents : null;
  }
  return presets.find((p) => p.key === data.get("amount"))?.cents ?? null;
}
