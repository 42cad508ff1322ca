/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` bodies (and query strings) with
 * bracketed keys, as the SDK writes them: `line_items[0][price_data][currency]=usd`,
 * `metadata[campaign]=x`, `expand[0]=payments` (or `expand[]=payments`).
 */

export type FormValue = string | FormValue[] | FormObject;
export type FormObject = { [key: string]: FormValue };

function decode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, " "));
}

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first <= 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(key.slice(first))) !== null) parts.push(match[1]);
  return parts;
}

type Node = { [key: string]: Node | string };

function toFormValue(node: Node | string): FormValue {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => toFormValue(node[String(k)]));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = toFormValue(node[k]);
  return out;
}

export function parseForm(text: string): FormObject {
  const root: Node = {};
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1));
    const parts = splitKey(rawKey);
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i];
      const last = i === parts.length - 1;
      if (part === "") part = String(Object.keys(node).length);
      if (last) {
        node[part] = value;
      } else {
        const next = node[part];
        if (typeof next === "object") {
          node = next;
        } else {
          const created: Node = {};
          node[part] = created;
          node = created;
        }
      }
    }
  }
  const result = toFormValue(root);
  return typeof result === "object" && !Array.isArray(result) ? result : {};
}

/** Typed readers over a parsed form; each throws a Stripe-shaped 400 through `fail`. */
export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly fail: (message: string, param: string, code?: string) => never,
    private readonly prefix = "",
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") this.fail(`Invalid string: ${this.name(key)}`, this.name(key));
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") this.fail(`Missing required param: ${this.name(key)}.`, this.name(key), "parameter_missing");
    return value;
  }

  integer(key: string): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) this.fail(`Invalid integer: ${value}`, this.name(key), "parameter_invalid_integer");
    return Number(value);
  }

  boolean(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") this.fail(`Invalid boolean: ${value}`, this.name(key));
    return value === "true";
  }

  object(key: string): Params | undefined {
    const value = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (typeof value !== "object" || Array.isArray(value)) this.fail(`Invalid object`, this.name(key));
    return new Params(value, this.fail, this.name(key));
  }

  array(key: string): Params[] {
    const value = this.raw[key];
    if (value === undefined || value === "") return [];
    if (!Array.isArray(value)) this.fail(`Invalid array`, this.name(key));
    return value.map((item, i) => {
      if (typeof item !== "object" || Array.isArray(item)) this.fail(`Invalid object`, `${this.name(key)}[${i}]`);
      return new Params(item, this.fail, `${this.name(key)}[${i}]`);
    });
  }

  strings(key: string): string[] {
    const value = this.raw[key];
    if (value === undefined || value === "") return [];
    if (typeof value === "string") return [value];
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) {
      this.fail(`Invalid array`, this.name(key));
    }
    return value;
  }

  /**
   * `metadata[...]`, validated like Stripe: ≤ 50 keys, keys ≤ 40 chars, values ≤ 500 chars. An
   * empty value means "unset": dropped, or kept as "" with `keepEmpty` (for updates).
   */
  metadata(key = "metadata", keepEmpty = false): Record<string, string> | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === "") return {};
    if (typeof value !== "object" || Array.isArray(value)) this.fail(`Invalid object`, this.name(key));
    const out: Record<string, string> = {};
    const entries = Object.entries(value);
    if (entries.length > 50) this.fail("Metadata can have at most 50 keys.", this.name(key));
    for (const [k, v] of entries) {
      if (typeof v !== "string") this.fail(`Invalid metadata value for ${k}`, `${this.name(key)}[${k}]`);
      if (k.length > 40) this.fail(`Metadata keys can be at most 40 characters long.`, `${this.name(key)}[${k}]`);
      if (v.length > 500) this.fail(`Metadata values can be at most 500 characters long.`, `${this.name(key)}[${k}]`);
      if (v !== "" || keepEmpty) out[k] = v;
    }
    return out;
  }
}
