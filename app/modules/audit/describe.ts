import type { TFunction } from "i18next";
import type { Language } from "../i18n/config";
import { formatMoney, formatNumber } from "../i18n/format";

/** Entries per page of the audit log: a fixed size, so page links stay stable while it grows. */
export const AUDIT_PAGE_SIZE = 50;

/** Who did it: a staff member by name, or a role — an applicant is never named. */
export type AuditActor = { kind: "staff"; name: string } | { kind: "applicant" } | { kind: "system" } | { kind: "cli" } | { kind: "removed" };

type Title = { en: string; es: string };

/** What it was about, with what a person recognises (a case reference, a campaign title). */
export type AuditSubject =
  | { kind: "case"; id: string; reference: string }
  | { kind: "campaign"; id: string; title: Title }
  | { kind: "user"; id: string; name: string }
  | { kind: "fundraiser"; id: string; title: string }
  | { kind: "donation"; campaignId: string; title: Title }
  | { kind: "fee_schedule"; name: Title }
  | { kind: "organization" }
  | { kind: "other" };

export type AuditEntry = {
  id: string;
  createdAt: Date;
  action: string;
  actor: AuditActor;
  subject: AuditSubject;
  details: {
    amountCents?: number;
    feeCents?: number;
    totalCents?: number;
    retentionDays?: number;
    transactionId?: number;
    method?: string;
    role?: string;
    from?: string;
    to?: string;
    reason?: string;
    collectANumber?: boolean;
    collectDateOfBirth?: boolean;
    toCampaign?: Title;
  };
};

/** The event as a short sentence in the reader's language; an action we have no words for yet says so plainly. */
export function eventLabel(t: TFunction, action: string): string {
  return t(`auditLog.events.${action}`, { defaultValue: t("auditLog.events.other") }) as string;
}

export function actorLabel(t: TFunction, actor: AuditActor): string {
  return actor.kind === "staff" ? actor.name : (t(`auditLog.actors.${actor.kind}`) as string);
}

/** The entry's details as label/value pairs, amounts as money and codes as words. */
export function detailLines(t: TFunction, entry: Pick<AuditEntry, "action" | "details">, language: Language): [string, string][] {
  const d = entry.details;
  const money = (cents: number) => formatMoney(cents, language);
  const lines: [string, string][] = [];
  const add = (key: string, value: string) => lines.push([t(`auditLog.detail.${key}`) as string, value]);
  if (d.amountCents !== undefined) add("amount", money(d.amountCents));
  if (d.feeCents !== undefined) add("fee", money(d.feeCents));
  // A card's total is what it may pay, not what was paid.
  if (d.totalCents !== undefined) add(entry.action === "issuing.card_created" ? "cardLimit" : "total", money(d.totalCents));
  if (d.method !== undefined) add("method", methodLabel(t, entry.action, d.method));
  if (d.role !== undefined) add("role", t(`roles.${d.role}`, { defaultValue: d.role }) as string);
  if (d.from !== undefined) add("from", t(`roles.${d.from}`, { defaultValue: d.from }) as string);
  if (d.to !== undefined) add("to", t(`roles.${d.to}`, { defaultValue: d.to }) as string);
  if (d.toCampaign !== undefined) add("toCampaign", d.toCampaign[language]);
  if (d.transactionId !== undefined) add("transaction", `#${formatNumber(d.transactionId, language)}`);
  if (d.reason !== undefined)
    add("reason", entry.action === "case.viewed" ? (t(`staffCases.reasons.${d.reason}`, { defaultValue: d.reason }) as string) : d.reason);
  if (d.retentionDays !== undefined) add("retention", t("auditLog.days", { count: d.retentionDays }) as string);
  if (d.collectANumber !== undefined) add("collectANumber", t(d.collectANumber ? "common.yes" : "common.no") as string);
  if (d.collectDateOfBirth !== undefined) add("collectDateOfBirth", t(d.collectDateOfBirth ? "common.yes" : "common.no") as string);
  return lines;
}

function methodLabel(t: TFunction, action: string, method: string): string {
  if (action.startsWith("donation.")) return t(`donations.${method}`, { defaultValue: method }) as string;
  return t(`disbursementMethod.${method}`, { defaultValue: method }) as string;
}
