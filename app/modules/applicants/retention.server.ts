import { and, asc, eq, gt, inArray, isNotNull, isNull, like, lt, or, sql } from "drizzle-orm";
import { applicantIdentities, auditLog, caseLinks, caseMessages, caseSessions, disbursements, feeRequests, outbox } from "../../../db/schema";
import type { Db } from "../db/types";
import { getOrganization } from "../organization/organization.server";
import { todayIn } from "../dates/dates";

export type PurgeReport = { retentionDays: number; cutoff: Date; cases: number };

const BATCH = 500;
const DAY_MS = 24 * 60 * 60_000;
const endedStatuses = ["paid", "rejected", "withdrawn"] as const;

/**
 * Destroys the personal data of every case whose retention clock started more than the
 * organization's retention window ago (DESIGN §3; when the clock starts: `clockPassed`): each identity field and the email's blind
 * index, message bodies, status links and sessions, and the sealed emails still addressed to the
 * applicant. Money records — the fee request, its disbursements and the ledger — stay. Safe to run
 * at any time and repeatedly; each destroyed case gets one audit entry (ids only).
 */
export async function purgeEndedCases(db: Db, options: { now?: Date } = {}): Promise<PurgeReport> {
  const now = options.now ?? new Date();
  const org = await getOrganization(db);
  const retentionDays = org.caseRetentionDays;
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const ended = clockPassed({ cutoff, cutoffDay: todayIn(org.timezone, cutoff), timeZone: org.timezone, noNewsDays: org.noNewsDays });
  let cases = 0;
  // Walks the cases once in id order, so a run always ends.
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const batch = await db
      .select({ id: feeRequests.id })
      .from(feeRequests)
      .where(and(ended, gt(feeRequests.id, after), hasPersonalData()))
      .orderBy(asc(feeRequests.id))
      .limit(BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    cases += await db.transaction((tx) =>
      destroyPersonalData(
        tx,
        batch.map((r) => r.id),
        { now, retentionDays },
      ),
    );
  }
  return { retentionDays, cutoff, cases };
}

/**
 * The case's retention clock started before the cutoff. Under the old consent text (`case_end`)
 * the clock starts when the case ends at the fund: paid, not approved, withdrawn. Under the
 * current one (`uscis_end`, ADR 0022) it never starts at payment: it starts when the fund does not
 * approve or the applicant withdraws, when USCIS decides, or `noNewsDays` after the last thing
 * heard of a paid case (payment, filing, an evidence deadline, an intake rejection).
 */
function clockPassed(p: { cutoff: Date; cutoffDay: string; timeZone: string; noNewsDays: number }) {
  const oldRule = and(eq(feeRequests.retentionRule, "case_end"), inArray(feeRequests.status, [...endedStatuses]), lt(feeRequests.endedAt, p.cutoff));
  const newRule = and(
    eq(feeRequests.retentionRule, "uscis_end"),
    or(
      and(inArray(feeRequests.status, ["rejected", "withdrawn"]), lt(feeRequests.endedAt, p.cutoff)),
      and(eq(feeRequests.status, "paid"), eq(feeRequests.uscisStatus, "decided"), lt(feeRequests.decidedOn, p.cutoffDay)),
      and(
        eq(feeRequests.status, "paid"),
        sql`${feeRequests.uscisStatus} is distinct from 'decided'`,
        sql`greatest((${feeRequests.paidAt} at time zone ${p.timeZone})::date, ${feeRequests.filedOn}, ${feeRequests.evidenceDueOn}, ${feeRequests.rejectedAtIntakeOn}) + ${p.noNewsDays}::int < ${p.cutoffDay}::date`,
      ),
    ),
  );
  return or(oldRule, newRule);
}

/** Something personal is still stored for the case in the outer query's row. */
function hasPersonalData() {
  return or(
    sql`exists (select 1 from ${applicantIdentities} i where i.fee_request_id = ${feeRequests.id} and i.destroyed_at is null)`,
    sql`exists (select 1 from ${caseMessages} m where m.fee_request_id = ${feeRequests.id} and m.body is not null)`,
    sql`exists (select 1 from ${caseLinks} l where l.fee_request_id = ${feeRequests.id})`,
    sql`exists (select 1 from ${disbursements} d where d.fee_request_id = ${feeRequests.id} and d.reference is not null)`,
    sql`exists (select 1 from ${caseSessions} s where s.fee_request_id = ${feeRequests.id})`,
    sql`exists (select 1 from ${outbox} o where o.sealed and o.idempotency_key like 'case/' || ${feeRequests.id} || '/%' and (o.to_address <> '' or o.props <> '{}'::jsonb))`,
  );
}

/** Returns how many identities it destroyed; another process purging the same cases destroys none twice. */
async function destroyPersonalData(tx: Db, ids: string[], p: { now: Date; retentionDays: number }): Promise<number> {
  // Lock the cases so a concurrent change (a fee returned by USCIS reopens a paid case) waits.
  const locked = await tx
    .select({ id: feeRequests.id })
    .from(feeRequests)
    .where(and(inArray(feeRequests.id, ids), inArray(feeRequests.status, [...endedStatuses])))
    .for("update");
  const caseIds = locked.map((r) => r.id);
  if (caseIds.length === 0) return 0;
  const destroyed = await tx
    .update(applicantIdentities)
    .set({ name: null, email: null, note: null, aNumber: null, dateOfBirth: null, uscisReceipt: null, emailIndex: null, pendingEmail: null, pendingEmailTokenHash: null, pendingEmailExpiresAt: null, destroyedAt: p.now, updatedAt: p.now })
    .where(and(inArray(applicantIdentities.feeRequestId, caseIds), isNull(applicantIdentities.destroyedAt)))
    .returning({ id: applicantIdentities.feeRequestId });
  await tx
    .update(caseMessages)
    .set({ body: null })
    .where(and(inArray(caseMessages.feeRequestId, caseIds), isNotNull(caseMessages.body)));
  // A payment reference (Pay.gov tracking id, USCIS receipt) can point to the person at USCIS.
  await tx.update(disbursements).set({ reference: null }).where(and(inArray(disbursements.feeRequestId, caseIds), isNotNull(disbursements.reference)));
  await tx.delete(caseLinks).where(inArray(caseLinks.feeRequestId, caseIds));
  await tx.delete(caseSessions).where(inArray(caseSessions.feeRequestId, caseIds));
  for (const id of caseIds) {
    // Unsent emails are cancelled; sent ones lose the address they kept.
    await tx
      .update(outbox)
      .set({ toAddress: "", props: {}, status: sql`case when ${outbox.status} = 'pending' then 'failed'::outbox_status else ${outbox.status} end`, lastError: sql`case when ${outbox.status} = 'pending' then 'erased by retention' else ${outbox.lastError} end` })
      .where(and(eq(outbox.sealed, true), like(outbox.idempotencyKey, `case/${id}/%`)));
  }
  if (destroyed.length === 0) return 0;
  await tx.insert(auditLog).values(
    destroyed.map(({ id }) => ({
      actorUserId: null,
      action: "case.personal_data_destroyed",
      subjectType: "fee_request",
      subjectId: id,
      details: { retentionDays: p.retentionDays },
    })),
  );
  return destroyed.length;
}
