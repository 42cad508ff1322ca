import { z, type ZodTypeAny } from "zod";
import { FORM_LIMITS } from "./limits";

type Path = (string | number)[];

/**
 * Keeps only what the schema describes: its own keys, list entries up to the list cap, and
 * text (or several texts) where it expects a value. Used to echo a form back and to find the
 * fields to check, so a visitor's invented fields are never sent back or looked at.
 */
export function boundedFields(value: unknown, schema: ZodTypeAny): unknown {
  const s = unwrap(schema);
  const shape = shapeOf(s);
  if (shape) {
    if (!isPlainObject(value)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const kept = boundedFields(value[key], field);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  if (s instanceof z.ZodArray) {
    const items = Array.isArray(value) ? value : [value];
    return items.slice(0, FORM_LIMITS.listIndex + 1).map((item) => boundedFields(item, s.element));
  }
  if (typeof value === "string") return value;
  // One value expected, several sent: the first stands (as a browser form would hold it).
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

/** Paths of every text holding a NUL byte. */
export function findNulBytes(value: unknown, path: Path = []): Path[] {
  if (typeof value === "string") return value.includes("\0") ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => (typeof v === "string" ? (v.includes("\0") ? [path] : []) : findNulBytes(v, [...path, i])));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => findNulBytes(v, [...path, k]));
  return [];
}

/** A translation key, optionally with `|` and JSON parameters (app/modules/forms/fields.ts). */
export function isMessageKey(message: string): boolean {
  const [key, params] = splitMessage(message);
  if (!/^[A-Za-z][\w-]*(?:\.[\w-]+)+$/.test(key)) return false;
  return params === undefined || parseParams(params) !== null;
}

export function splitMessage(message: string): [string, string | undefined] {
  const bar = message.indexOf("|");
  return bar === -1 ? [message, undefined] : [message.slice(0, bar), message.slice(bar + 1)];
}

export function parseParams(params: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(params);
    return isPlainObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function unwrap(schema: ZodTypeAny): ZodTypeAny {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    if (s instanceof z.ZodEffects) s = s.innerType();
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodDefault) s = s.removeDefault();
    else if (s instanceof z.ZodCatch) s = s.removeCatch();
    else if (s instanceof z.ZodBranded) s = s.unwrap();
    else if (s instanceof z.ZodReadonly) s = s._def.innerType;
    else if (s instanceof z.ZodPipeline) s = s._def.in;
    else return s;
  }
  return s;
}

/** The keys an object-like schema accepts (unions and intersections merged). */
function shapeOf(schema: ZodTypeAny): Record<string, ZodTypeAny> | null {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, ZodTypeAny>;
  const parts: ZodTypeAny[] | null =
    schema instanceof z.ZodDiscriminatedUnion || schema instanceof z.ZodUnion
      ? [...schema.options]
      : schema instanceof z.ZodIntersection
        ? [schema._def.left, schema._def.right]
        : null;
  if (!parts) return null;
  const shapes = parts.map((p) => shapeOf(unwrap(p)));
  if (shapes.some((s) => s === null)) return null;
  return Object.assign({}, ...shapes.slice().reverse());
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
