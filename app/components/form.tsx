import type { FieldMetadata } from "@conform-to/react";
// The one place conform's useForm is called: every form uses `useStableForm` (eslint enforces it).
import { getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import type { TFunction } from "i18next";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isLanguage } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";
import { isMessageKey, parseParams, splitMessage } from "~/modules/forms/schema-fields";

/**
 * conform's `useForm` with the one validation timing every form uses: validate when the person
 * submits, then revalidate as they type. Never on blur: an error line that appears or vanishes
 * when focus leaves a field moves the button under a pointer that is pressing it, and the click
 * is lost; and passing through a field is not a mistake.
 */
export function useStableForm<Schema extends Record<string, unknown>, FormValue = Schema, FormError = string[]>(
  options: Omit<Parameters<typeof useForm<Schema, FormValue, FormError>>[0], "shouldValidate" | "shouldRevalidate">,
) {
  const [form, fields] = useForm<Schema, FormValue, FormError>({ ...options, shouldValidate: "onSubmit", shouldRevalidate: "onInput" });
  // conform re-renders this component only for the parts of the form read while it last ran, and
  // forgets reads made by its children when it runs without them re-rendering (React bails out:
  // after hydration, on pages with two forms, errors then never showed). Reading every error
  // here keeps a failed submit, and each fix, re-rendering the form.
  void form.allErrors;
  return [form, fields] as const;
}

/**
 * Turns a schema message (a translation key, optionally with "|" and JSON parameters) into words.
 * Parameters named `…Cents` are amounts, written as the money formatter writes them in hints.
 * Anything else (zod's own English, which may itself hold "|") reads as "not valid".
 */
export function translateError(t: TFunction, message: string, language: string): string {
  if (!isMessageKey(message)) return t("errors.invalid");
  const [key, params] = splitMessage(message);
  const values: Record<string, unknown> = params ? (parseParams(params) ?? {}) : {};
  for (const [name, value] of Object.entries(values))
    if (name.endsWith("Cents") && typeof value === "number") values[name.slice(0, -"Cents".length)] = formatMoney(value, isLanguage(language) ? language : "en");
  return t(key, { ...values, defaultValue: t("errors.invalid") }) as string;
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t, i18n } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((e) => (
        <li key={e}>{translateError(t, e, i18n.language)}</li>
      ))}
    </ul>
  );
}

type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

function Hint({ id, children }: { id: string; children?: ReactNode }) {
  return children ? (
    <p id={id} className="hint">
      {children}
    </p>
  ) : null;
}

function describedBy(meta: Meta, hint?: ReactNode, maxLength?: number) {
  return [hint ? `${meta.id}-hint` : null, maxLength ? `${meta.id}-limit` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
}

/**
 * The field's length limit, said before anyone submits ("Up to 280 characters"); once they type
 * (with JavaScript) it counts what is left, on the same single line so nothing below moves.
 */
function LengthLimit({ id, max, length }: { id: string; max: number; length: number | null }) {
  const { t } = useTranslation();
  const text =
    length === null || length === 0
      ? t("forms.upTo", { count: max })
      : length <= max
        ? t("forms.charactersLeft", { count: max - length })
        : t("forms.charactersOver", { count: length - max });
  return (
    <p id={id} className={length !== null && length > max ? "hint limit over" : "hint limit"} aria-live="polite">
      {text}
    </p>
  );
}

/** The typed length, known only once the person types (the server-rendered page says the limit). */
function useTypedLength(maxLength?: number) {
  const [length, setLength] = useState<number | null>(null);
  const onInput = maxLength ? (e: { currentTarget: { value: string } }) => setLength(e.currentTarget.value.length) : undefined;
  return { length, onInput };
}

export function TextField(props: {
  meta: Meta;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "date" | "password" | "url" | "number";
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "email" | "text";
  /** The schema's limit, shown before submitting. */
  maxLength?: number;
  onInput?: (event: { currentTarget: HTMLInputElement }) => void;
}) {
  const { meta, label, hint, type = "text", maxLength } = props;
  const typed = useTypedLength(maxLength);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={`${meta.id}-hint`}>{hint}</Hint>
      {maxLength ? <LengthLimit id={`${meta.id}-limit`} max={maxLength} length={typed.length} /> : null}
      <input
        {...getInputProps(meta, { type, ariaAttributes: true })}
        aria-describedby={describedBy(meta, hint, maxLength)}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        onInput={(event) => {
          typed.onInput?.(event);
          props.onInput?.(event);
        }}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField(props: { meta: Meta; label: string; hint?: ReactNode; rows?: number; maxLength?: number }) {
  const { meta, label, hint, maxLength } = props;
  const typed = useTypedLength(maxLength);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={`${meta.id}-hint`}>{hint}</Hint>
      {maxLength ? <LengthLimit id={`${meta.id}-limit`} max={maxLength} length={typed.length} /> : null}
      <textarea
        {...getTextareaProps(meta, { ariaAttributes: true })}
        aria-describedby={describedBy(meta, hint, maxLength)}
        rows={props.rows ?? 6}
        onInput={typed.onInput}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField(props: { meta: Meta; label: string; hint?: ReactNode; options: { value: string; label: string }[] }) {
  const { meta, label, hint } = props;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={`${meta.id}-hint`}>{hint}</Hint>
      <select {...getSelectProps(meta, { ariaAttributes: true })} aria-describedby={describedBy(meta, hint)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function RadioGroup(props: { meta: Meta; legend: string; options: { value: string; label: string }[] }) {
  const { meta } = props;
  return (
    <fieldset className="field" aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="radio"
            name={meta.name}
            value={o.value}
            defaultChecked={meta.initialValue === o.value}
            aria-invalid={meta.errors?.length ? true : undefined}
          />{" "}
          {o.label}
        </label>
      ))}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

/**
 * Lists every error at the top of a form after a failed submit, each named by its field's label
 * ("Name: This field is required.") and linked to the field. Errors of the whole form stand alone.
 */
export function ErrorSummary({
  errors,
  fields,
  labels,
}: {
  errors?: Record<string, string[] | undefined>;
  fields: Record<string, { id: string }>;
  /** The visible label (or legend) of each field, as the form shows it and in the order it shows them. */
  labels: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  // Listed in the form's order, so the summary reads the way the page does.
  const order = Object.keys(labels);
  const place = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const entries = Object.entries(errors ?? {})
    .filter(([, list]) => list?.length)
    .sort(([a], [b]) => place(a) - place(b));
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <h2>{t("forms.errorSummary")}</h2>
      <ul>
        {entries.map(([name, list]) => {
          const message = translateError(t, list![0]!, i18n.language);
          const label = labels[name];
          const text = label ? t("forms.errorItem", { field: label.replace(/[:：]\s*$/, ""), message }) : message;
          // A mistake about the whole form (too many attempts, say) has no field to jump to.
          return <li key={name}>{label && fields[name] ? <a href={`#${fields[name]!.id}`}>{text}</a> : text}</li>;
        })}
      </ul>
    </div>
  );
}

/** A raster image upload (PNG, JPEG, WebP up to 1 MB), with its hint and errors wired for assistive tech. */
export function ImageField(props: { id: string; name: string; label: string; errors?: string[]; children?: ReactNode }) {
  const { t } = useTranslation();
  const { id, errors } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <p className="hint" id={`${id}-hint`}>
        {t("staff.imageHint")}
      </p>
      {props.children}
      <input
        id={id}
        type="file"
        name={props.name}
        accept="image/png,image/jpeg,image/webp"
        aria-describedby={errors?.length ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={errors?.length ? true : undefined}
      />
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}
