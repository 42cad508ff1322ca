import { z } from "zod";
import { parseMoney, type MoneyBounds } from "../money/parse";

/**
 * Field builders whose messages are translation keys ("errors.*"), optionally followed by
 * `|` and JSON parameters, so one schema serves the browser and the server in both languages.
 */
export const msg = (key: string, params?: Record<string, unknown>) =>
  params ? `${key}|${JSON.stringify(params)}` : key;

const trimmed = z.string({ required_error: "errors.required", invalid_type_error: "errors.required" }).trim();

/** Rejects markup: stories and names are plain text, never HTML. */
const noMarkup = (value: string) => !/<\s*\/?\s*[a-z!]/i.test(value);

export const requiredText = (max: number, min = 1) =>
  trimmed
    .min(min, min === 1 ? "errors.required" : msg("errors.tooShort", { min }))
    .max(max, msg("errors.tooLong", { max }))
    .refine(noMarkup, "errors.noMarkup");

export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    trimmed.max(max, msg("errors.tooLong", { max })).refine(noMarkup, "errors.noMarkup").optional(),
  );

export const email = () =>
  trimmed.toLowerCase().min(1, "errors.required").max(254, msg("errors.tooLong", { max: 254 })).email("errors.email");

export const slug = () =>
  trimmed
    .toLowerCase()
    .min(3, msg("errors.tooShort", { min: 3 }))
    .max(60, msg("errors.tooLong", { max: 60 }))
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "errors.slug");

const isCalendarDate = (v: string) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
/** Dates people can mean here; PostgreSQL would refuse some outside it (year 0), which must not be a 500. */
export const MIN_DATE = "1900-01-01";
export const MAX_DATE = "2100-12-31";

export const isoDate = () =>
  trimmed
    .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date")
    .refine(isCalendarDate, "errors.date")
    .refine((v) => !isCalendarDate(v) || (v >= MIN_DATE && v <= MAX_DATE), msg("errors.dateRange", { min: MIN_DATE, max: MAX_DATE }));

export const optionalIsoDate = () =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), isoDate().optional());

/** A field error key for an amount the money parser refused; bounds are shown as the hint shows them. */
export const moneyError = (error: "blank" | "format" | "range", bounds: MoneyBounds) =>
  error === "blank" ? "errors.required" : error === "format" ? "errors.money" : msg("errors.moneyRange", { minCents: bounds.min, maxCents: bounds.max });

/** Dollars typed by a person, in English or Spanish ("495", "1,200.50", "50,00"), to integer cents. */
export const dollarsToCents = (bounds: MoneyBounds) =>
  z.string({ required_error: "errors.required", invalid_type_error: "errors.required" }).transform((v, ctx) => {
    const parsed = parseMoney(v, bounds);
    if (parsed.ok) return parsed.cents;
    ctx.addIssue({ code: "custom", message: moneyError(parsed.error, bounds) });
    return z.NEVER;
  });

/** An amount that may be left blank (spaces count as blank). */
export const optionalDollarsToCents = (bounds: MoneyBounds) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), dollarsToCents(bounds).optional());

export const wholeNumber = (opts: { min: number; max: number }) =>
  z.coerce
    .number({ invalid_type_error: "errors.number", required_error: "errors.required" })
    .int("errors.wholeNumber")
    .min(opts.min, msg("errors.numberRange", opts))
    .max(opts.max, msg("errors.numberRange", opts));
