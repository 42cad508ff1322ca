import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { auditLog, campaigns, donations, feeRequests, feeSchedules, fundraisers, users } from "../../../db/schema";
import type { Db } from "../db/types";
import { AUDIT_PAGE_SIZE, type AuditActor, type AuditEntry, type AuditSubject } from "./describe";

export type { AuditEntry };

/**
 * One page of the audit log, newest first, for admins. Entries hold ids, actions and reasons
 * only; what a person reads — staff names, case references, campaign titles — is looked up
 * here. Applicants are named by their role, never by their data.
 */
export async function listAuditEntries(
  db: Db,
  filter: { caseReference?: string; page?: number } = {},
): Promise<{ entries: AuditEntry[]; caseFound: boolean; page: number; hasOlder: boolean }> {
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const conditions: SQL[] = [];
  if (filter.caseReference) {
    const [request] = await db
      .select({ id: feeRequests.id })
      .from(feeRequests)
      .where(eq(feeRequests.reference, filter.caseReference.trim().toUpperCase()));
    if (!request) return { entries: [], caseFound: false, page, hasOlder: false };
    conditions.push(eq(auditLog.subjectType, "fee_request"), eq(auditLog.subjectId, request.id));
  }
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      actorUserId: auditLog.actorUserId,
      actorEmail: users.email,
      actorName: users.displayName,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  const shown = rows.slice(0, AUDIT_PAGE_SIZE);
  const names = await lookUpNames(db, shown);
  const entries = shown.map((r): AuditEntry => ({
    id: r.id,
    createdAt: r.createdAt,
    action: r.action,
    actor: actorOf(r),
    subject: subjectOf(r.subjectType, r.subjectId, names),
    details: detailsOf(r.details, names),
  }));
  return { entries, caseFound: true, page, hasOlder: rows.length > AUDIT_PAGE_SIZE };
}

type Names = {
  cases: Map<string, string>;
  campaigns: Map<string, { en: string; es: string }>;
  users: Map<string, string>;
  fundraisers: Map<string, string>;
  donations: Map<string, { campaignId: string; title: { en: string; es: string } }>;
  feeSchedules: Map<string, { en: string; es: string }>;
};

type Row = { subjectType: string; subjectId: string | null; details: Record<string, unknown> };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id the page mentions, looked up once per kind. */
async function lookUpNames(db: Db, rows: Row[]): Promise<Names> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.subjectType === type && r.subjectId && uuidPattern.test(r.subjectId)).map((r) => r.subjectId!))];
  const campaignIds = [
    ...ids("campaign"),
    ...rows.map((r) => r.details.toCampaignId).filter((v): v is string => typeof v === "string" && uuidPattern.test(v)),
  ];
  const [caseRows, campaignRows, userRows, fundraiserRows, donationRows, scheduleRows] = await Promise.all([
    some(ids("fee_request"), (list) => db.select({ id: feeRequests.id, reference: feeRequests.reference }).from(feeRequests).where(inArray(feeRequests.id, list))),
    some(campaignIds, (list) => db.select({ id: campaigns.id, en: campaigns.titleEn, es: campaigns.titleEs }).from(campaigns).where(inArray(campaigns.id, list))),
    some(ids("user"), (list) => db.select({ id: users.id, email: users.email, name: users.displayName }).from(users).where(inArray(users.id, list))),
    some(ids("fundraiser"), (list) => db.select({ id: fundraisers.id, title: fundraisers.title }).from(fundraisers).where(inArray(fundraisers.id, list))),
    some(ids("donation"), (list) =>
      db
        .select({ id: donations.id, campaignId: donations.campaignId, en: campaigns.titleEn, es: campaigns.titleEs })
        .from(donations)
        .leftJoin(campaigns, eq(campaigns.id, donations.campaignId))
        .where(inArray(donations.id, list)),
    ),
    some(ids("fee_schedule"), (list) => db.select({ id: feeSchedules.id, en: feeSchedules.nameEn, es: feeSchedules.nameEs }).from(feeSchedules).where(inArray(feeSchedules.id, list))),
  ]);
  return {
    cases: new Map(caseRows.map((r) => [r.id, r.reference])),
    campaigns: new Map(campaignRows.map((r) => [r.id, { en: r.en, es: r.es }])),
    users: new Map(userRows.map((r) => [r.id, r.name || r.email])),
    fundraisers: new Map(fundraiserRows.map((r) => [r.id, r.title])),
    donations: new Map(donationRows.map((r) => [r.id, { campaignId: r.campaignId, title: { en: r.en ?? "", es: r.es ?? "" } }])),
    feeSchedules: new Map(scheduleRows.map((r) => [r.id, { en: r.en, es: r.es }])),
  };
}

async function some<T>(list: string[], query: (list: string[]) => Promise<T[]>): Promise<T[]> {
  return list.length ? query(list) : [];
}

/** Applicants act through their case link: the log says "the applicant", never who they are. */
function actorOf(r: { actorUserId: string | null; actorEmail: string | null; actorName: string | null; action: string; details: Record<string, unknown> }): AuditActor {
  if (r.actorUserId) return r.actorEmail ? { kind: "staff", name: r.actorName || r.actorEmail } : { kind: "removed" };
  if (r.details.by === "applicant" || r.action.endsWith("_by_applicant")) return { kind: "applicant" };
  if (r.action === "user.created_by_cli") return { kind: "cli" };
  return { kind: "system" };
}

function subjectOf(type: string, id: string | null, names: Names): AuditSubject {
  if (!id) return { kind: "other" };
  switch (type) {
    case "fee_request":
      return names.cases.has(id) ? { kind: "case", id, reference: names.cases.get(id)! } : { kind: "other" };
    case "campaign":
      return names.campaigns.has(id) ? { kind: "campaign", id, title: names.campaigns.get(id)! } : { kind: "other" };
    case "user":
      return names.users.has(id) ? { kind: "user", id, name: names.users.get(id)! } : { kind: "other" };
    case "fundraiser":
      return names.fundraisers.has(id) ? { kind: "fundraiser", id, title: names.fundraisers.get(id)! } : { kind: "other" };
    case "donation": {
      const donation = names.donations.get(id);
      return donation ? { kind: "donation", campaignId: donation.campaignId, title: donation.title } : { kind: "other" };
    }
    case "fee_schedule":
      return names.feeSchedules.has(id) ? { kind: "fee_schedule", name: names.feeSchedules.get(id)! } : { kind: "other" };
    case "organization":
      return { kind: "organization" };
    default:
      return { kind: "other" };
  }
}

/** The details a person can read; internal ids (messages, payments, transactions) stay out. */
function detailsOf(details: Record<string, unknown>, names: Names): AuditEntry["details"] {
  const out: AuditEntry["details"] = {};
  for (const key of ["amountCents", "feeCents", "totalCents", "retentionDays", "transactionId"] as const)
    if (typeof details[key] === "number") out[key] = details[key] as number;
  for (const key of ["method", "role", "from", "to", "reason"] as const) if (typeof details[key] === "string") out[key] = details[key] as string;
  for (const key of ["collectANumber", "collectDateOfBirth"] as const) if (typeof details[key] === "boolean") out[key] = details[key] as boolean;
  if (typeof details.caseRetentionDays === "number") out.retentionDays = details.caseRetentionDays;
  if (typeof details.toCampaignId === "string") out.toCampaign = names.campaigns.get(details.toCampaignId);
  return out;
}
