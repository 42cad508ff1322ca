import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import { z, type ZodErrorMap, type ZodTypeAny } from "zod";
import { readBoundedBody } from "../http/bounded-body.server";
import { getLanguage } from "../i18n/i18n.server";
import { translator } from "../i18n/translator";
import { FORM_LIMITS } from "./limits";
import { boundedFields, findNulBytes, isMessageKey } from "./schema-fields";

/**
 * The one way an action reads a form (DESIGN: bad input gets a clear 4xx and changes nothing).
 * Before conform or zod see anything, the body is read under a byte cap and its field names,
 * counts and list indices are checked, so no number a visitor writes (`x[100000000]`) can make
 * work or memory grow. Refusals are thrown as 4xx responses in the visitor's language.
 */
export async function readForm(request: Request, options: { upload?: boolean } = {}): Promise<FormData> {
  const maxBytes = options.upload ? FORM_LIMITS.uploadBytes : FORM_LIMITS.formBytes;
  const mediaType = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/x-www-form-urlencoded" && mediaType !== "multipart/form-data")
    throw await refuse(request, 415, "formErrors.notAForm");
  const bytes = await readBoundedBody(request, maxBytes);
  if (bytes === "too_large") throw await refuse(request, 413, "formErrors.tooLarge");
  if (bytes === "unreadable") throw await refuse(request, 400, "formErrors.unreadable");

  let formData: FormData;
  if (mediaType === "application/x-www-form-urlencoded") {
    const text = new TextDecoder().decode(bytes);
    // Count before URLSearchParams builds anything.
    if (countOf(text, "&") >= FORM_LIMITS.fields) throw await refuse(request, 400, "formErrors.tooManyFields");
    formData = new FormData();
    for (const [name, value] of new URLSearchParams(text)) formData.append(name, value);
  } else {
    try {
      formData = await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), { headers: { "Content-Type": request.headers.get("Content-Type")! } }).formData();
    } catch {
      throw await refuse(request, 400, "formErrors.unreadable");
    }
  }
  const problem = checkFields(formData, options.upload ?? false);
  if (problem) throw await refuse(request, 400, problem);
  return formData;
}

/**
 * conform's parseWithZod with Fondo's rules: text with NUL bytes (PostgreSQL refuses them) is a
 * field error, messages are always translation keys, and the reply echoes only the schema's own
 * fields, so nothing a visitor invents is sent back.
 */
export function parseSubmission<Schema extends ZodTypeAny>(formData: FormData, options: { schema: Schema }): Submission<z.input<Schema>, string[], z.output<Schema>> {
  const { schema } = options;
  const guarded = z.preprocess((value, ctx) => {
    for (const path of findNulBytes(boundedFields(value, schema))) ctx.addIssue({ code: "custom", path, message: "errors.invalidCharacters" });
    return value;
  }, schema);
  const submission = parseWithZod(formData, { schema: guarded, errorMap: keyedErrors }) as unknown as Submission<z.input<Schema>, string[], z.output<Schema>>;
  if (submission.status !== "success" && submission.error) submission.error = keyedMessages(submission.error);
  const reply = submission.reply.bind(submission);
  submission.reply = (replyOptions) => {
    const result = reply(replyOptions);
    const initialValue = boundedFields(result.initialValue ?? {}, schema) ?? {};
    const known = new Set(Object.keys(initialValue as object));
    const state = result.state && JSON.stringify(result.state).length <= 4096 ? result.state : undefined;
    return {
      ...result,
      initialValue: initialValue as typeof result.initialValue,
      fields: result.fields?.filter((name) => known.has(name.split(/[.[]/, 1)[0]!)),
      error: result.error ? (keyedMessages(result.error) as typeof result.error) : result.error,
      state,
    };
  };
  return submission;
}

/** readForm, then parseSubmission: what most actions need. */
export async function parseForm<Schema extends ZodTypeAny>(request: Request, options: { schema: Schema }) {
  return parseSubmission(await readForm(request), options);
}

/** A thrown 4xx in the visitor's language; the page shows it through the root error boundary. */
async function refuse(request: Request, status: 400 | 413 | 415, key: string) {
  const t = translator(await getLanguage(request));
  return data({ error: key, message: t(key, FORM_LIMITS.messageParams) }, { status, headers: { "Cache-Control": "no-store" } });
}

/** Names conform can read (`a`, `a.b`, `a[0].b`); anything else is no field of ours. */
const namePattern = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[\d+\])*$/;
const reserved = /(?:^|[.[])(?:__proto__|constructor|prototype)(?:$|[.[\]])/;
const conformFields = new Set(["__intent__", "__state__"]);

function checkFields(formData: FormData, upload: boolean): string | null {
  let count = 0;
  for (const [name, value] of formData) {
    if (++count > FORM_LIMITS.fields) return "formErrors.tooManyFields";
    if (name.length === 0 || name.length > FORM_LIMITS.nameLength || !namePattern.test(name) || reserved.test(name)) return "formErrors.badFieldName";
    for (const match of name.matchAll(/\[(\d+)\]/g)) if (Number(match[1]) > FORM_LIMITS.listIndex) return "formErrors.tooManyItems";
    if (typeof value !== "string" && !upload) return "formErrors.unreadable";
    if (conformFields.has(name) && !conformControlOk(name, value)) return "formErrors.unreadable";
  }
  return null;
}

/** conform's list buttons post `__intent__` as JSON; its name and index get the same caps. */
function conformControlOk(name: string, value: FormDataEntryValue): boolean {
  if (typeof value !== "string" || value.length > 4096) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return false;
  }
  if (name === "__state__") return typeof parsed === "object" && parsed !== null;
  const intent = parsed as { type?: unknown; payload?: { name?: unknown; index?: unknown; from?: unknown; to?: unknown } };
  if (typeof intent?.type !== "string" || typeof intent.payload !== "object" || intent.payload === null) return false;
  const { name: field, index, from, to } = intent.payload;
  if (field !== undefined && (typeof field !== "string" || (field !== "" && !namePattern.test(field)) || field.length > FORM_LIMITS.nameLength)) return false;
  return [index, from, to].every((n) => n === undefined || (Number.isInteger(n) && (n as number) >= 0 && (n as number) <= FORM_LIMITS.listIndex));
}

function countOf(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1 && n < FORM_LIMITS.fields; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** zod's own English messages (a wrong enum value, a wrong type) become translation keys. */
const keyedErrors: ZodErrorMap = (issue, ctx) => {
  // A schema's own message (or its errorMap's) stands; this map runs last and sees it here.
  if (isMessageKey(ctx.defaultError)) return { message: ctx.defaultError };
  if (issue.code === "invalid_enum_value" || issue.code === "invalid_literal" || issue.code === "invalid_union_discriminator")
    return { message: "errors.choose" };
  if (issue.code === "invalid_type") return { message: issue.received === "undefined" ? "errors.required" : "errors.invalid" };
  return { message: "errors.invalid" };
};

function keyedMessages<E extends Record<string, string[] | null | undefined>>(error: E): E {
  const out: Record<string, string[] | null | undefined> = {};
  for (const [name, messages] of Object.entries(error)) out[name] = messages?.map((m) => (isMessageKey(m) ? m : "errors.invalid"));
  return out as E;
}
