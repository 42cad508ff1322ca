import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isMessageKey, parseParams, splitMessage } from "~/modules/forms/schema-fields";

/**
 * Turns a schema message (a translation key, optionally with "|" and JSON parameters) into words.
 * Anything else (zod's own English, which may itself hold "|") reads as "not valid".
 */
export function translateError(t: TFunction, message: string): string {
  if (!isMessageKey(message)) return t("errors.invalid");
  const [key, params] = splitMessage(message);
  return t(key, { ...(params ? parseParams(params) : {}), defaultValue: t("errors.invalid") }) as string;
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((e) => (
        <li key={e}>{translateError(t, e)}</li>
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

function describedBy(meta: Meta, hint?: ReactNode) {
  return [hint ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
}

export function TextField(props: {
  meta: Meta;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "date" | "password" | "url" | "number";
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "email" | "text";
}) {
  const { meta, label, hint, type = "text" } = props;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={`${meta.id}-hint`}>{hint}</Hint>
      <input
        {...getInputProps(meta, { type, ariaAttributes: true })}
        aria-describedby={describedBy(meta, hint)}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField(props: { meta: Meta; label: string; hint?: ReactNode; rows?: number }) {
  const { meta, label, hint } = props;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={`${meta.id}-hint`}>{hint}</Hint>
      <textarea
        {...getTextareaProps(meta, { ariaAttributes: true })}
        aria-describedby={describedBy(meta, hint)}
        rows={props.rows ?? 6}
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

/** Lists every error at the top of a form after a failed submit, linked to its field. */
export function ErrorSummary({ errors, fields }: { errors?: Record<string, string[] | undefined>; fields: Record<string, { id: string }> }) {
  const { t } = useTranslation();
  const entries = Object.entries(errors ?? {}).filter(([, list]) => list?.length);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <h2>{t("forms.errorSummary")}</h2>
      <ul>
        {entries.map(([name, list]) => (
          <li key={name}>
            {fields[name] ? <a href={`#${fields[name]!.id}`}>{translateError(t, list![0]!)}</a> : translateError(t, list![0]!)}
          </li>
        ))}
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
