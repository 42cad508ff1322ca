import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { applicationStatus, campaignStatus, disbursementMethod, ledgerAccountType, userRole, userStatus } from "../../db/schema";
import { transactionKinds } from "../../app/modules/ledger/kinds";

function flatten(value: unknown, prefix = ""): Record<string, string> {
  if (typeof value === "string") return { [prefix]: value };
  return Object.entries(value as Record<string, unknown>).reduce(
    (all, [key, child]) => ({ ...all, ...flatten(child, prefix ? `${prefix}.${key}` : key) }),
    {},
  );
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !full.includes(`${path.sep}locales${path.sep}`) ? [full] : [];
  });
}

const root = path.resolve(__dirname, "../..");
const english = flatten(en);
const spanish = flatten(es);
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe("every visitor-facing string exists in English and Spanish", () => {
  it("has the same keys in both languages", () => {
    expect(Object.keys(spanish).sort()).toEqual(Object.keys(english).sort());
  });

  it("has no empty strings and the same placeholders in both languages", () => {
    for (const [key, text] of Object.entries(english)) {
      expect(text.trim(), key).not.toBe("");
      expect(spanish[key]!.trim(), key).not.toBe("");
      expect(placeholders(spanish[key]!), key).toEqual(placeholders(text));
    }
  });

  it("translates rather than copies English (apart from words that are the same in both)", () => {
    const same = Object.keys(english).filter((k) => english[k] === spanish[k]);
    expect(same.sort()).toEqual(["common.no", "donate.demo.total", "forms.errorItem", "staff.fees.total"]);
  });

  const exists = (key: string) => english[key] !== undefined || english[`${key}_other`] !== undefined || Object.keys(english).some((k) => k.startsWith(`${key}.`));

  it("resolves every literal key used in the code and every error key used in schemas", () => {
    const missing = new Set<string>();
    for (const file of [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "emails"))]) {
      const text = fs.readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) if (!exists(match[1]!)) missing.add(`${match[1]} (${path.relative(root, file)})`);
      for (const match of text.matchAll(/"(errors\.[a-zA-Z0-9]+)(?:\|[^"]*)?"/g)) if (!exists(match[1]!)) missing.add(`${match[1]} (${path.relative(root, file)})`);
      for (const match of text.matchAll(/key: "([a-zA-Z0-9_]+\.[a-zA-Z0-9_.]+)"/g)) if (!exists(match[1]!)) missing.add(`${match[1]} (${path.relative(root, file)})`);
    }
    expect([...missing]).toEqual([]);
  });

  it("names every value of every enum a page shows", () => {
    const expected = [
      ...transactionKinds.map((k) => `ledger.kinds.${k}`),
      ...ledgerAccountType.enumValues.map((k) => `ledger.accounts.${k}`),
      ...applicationStatus.enumValues.map((k) => `requestStatus.${k}`),
      ...disbursementMethod.enumValues.map((k) => `disbursementMethod.${k}`),
      ...campaignStatus.enumValues.map((k) => `campaignStatus.${k}`),
      ...userRole.enumValues.map((k) => `roles.${k}`),
      ...userStatus.enumValues.map((k) => `userStatus.${k}`),
      ...["insufficient_funds", "reserve_outstanding", "not_approved", "not_funded", "amount_mismatch", "invalid_amount", "not_found", "already_returned", "same_campaign"].map((c) => `ledger.errors.${c}`),
    ];
    expect(expected.filter((k) => !english[k])).toEqual([]);
  });
});

describe("Spanish speaks to donors as usted", () => {
  // Where donors read: the public pages, the donate form and its errors, and the emails they get.
  // (Staff screens and the host section are not covered here.)
  const donorFacing = ["home.", "campaign.", "forms.", "errors.", "donate.", "donorManage.", "wall.", "fundraiser.", "email.footer", "email.linkFallback", "email.receipt.", "email.refund.", "email.paymentFailed.", "email.statement.", "email.manage."];
  const staffOnly = ["errors.cannotChangeSelf", "errors.totpFormat", "errors.totpWrong"];
  const tuteo = [
    /\b(tu|tus|te|ti|contigo)\b/i,
    /\b(puedes|quieres|buscas|diste|irás|inténtalo|cubriste|recibiste|pediste|esperabas|tienes|necesitas|envíame)\b/i,
    /(^|[.:;¡]\s*)(Escribe|Corrige|Usa|Elige|Revisa|Espera|Vuelve|Pide|Agrega|Sube|Administra|Cambia|Guarda|Inicia|Copia|Responde|Actualiza|Comparte|Organiza|Paga|Crea|Cuéntanos)\b/,
  ];

  it("never uses tú in a string a donor reads", () => {
    const keys = Object.keys(spanish).filter((key) => donorFacing.some((p) => key.startsWith(p)) && !staffOnly.includes(key));
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((key) => tuteo.some((pattern) => pattern.test(spanish[key]!))).map((key) => `${key}: ${spanish[key]}`)).toEqual([]);
  });
});
