import { and, eq, isNull, like, or, sql } from "drizzle-orm";
import { applicantIdentities, feeRequests, outbox } from "../../../db/schema";
import type { CaseEvent } from "../../../emails/case-update";
import type { Db } from "../db/types";
import { enqueueSealedEmail } from "../email/outbox.server";
import { getOrganization } from "../organization/organization.server";
import { CASE_LINK_TTL_HOURS, createCaseLink } from "./case-links.server";
import { readIdentity } from "./identity.server";
import { DecryptionError } from "../privacy/encryption.server";
import { latestPayment, queuePosition } from "./progress.server";
import { publicUrl } from "../http/public-url.server";

export type { CaseEvent };

/** Events that can happen more than once in a case; the others are emailed at most once. */
const repeatable = new Set<CaseEvent>(["funded", "info_requested", "link", "filed", "evidence_requested", "rejected_at_intake"]);

/**
 * Emails the applicant about their case, in their language, with a fresh private link. The outbox
 * row is sealed and written in the caller's transaction. Returns the outbox id, or null when the
 * case has no identity left (retention) or this one-time event was already emailed.
 */
export async function notifyApplicant(
  db: Db,
  p: {
    feeRequestId: string;
    event: CaseEvent;
    message?: string | null;
    now?: Date;
    /** The date the email is about (filing, evidence deadline, decision). */
    eventDate?: string | null;
    /** Sends this event at most once under this name (an evidence reminder per deadline and lead time). */
    onceKey?: string;
  },
): Promise<string | null> {
  const [request] = await db.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId));
  if (!request) return null;
  let identity;
  try {
    identity = await readIdentity(db, request.id);
  } catch (error) {
    // An unreadable identity (tampered, or its key retired) must not stop the money: the caller's
    // allocation or payment goes on, and staff see the case as unreadable.
    if (error instanceof DecryptionError) {
      console.error(`case ${request.id}: identity cannot be decrypted; no email sent`);
      return null;
    }
    throw error;
  }
  if (!identity) return null;
  const key = await idempotencyKey(db, request.id, p.event, p.onceKey);
  if (!key) return null;
  const token = await createCaseLink(db, request.id, p.now);
  const payment = p.event === "paid" ? await latestPayment(db, request.id) : null;
  return enqueueSealedEmail(db, {
    template: "case-update",
    to: identity.email,
    locale: request.language,
    idempotencyKey: key,
    props: {
      event: p.event,
      organizationName: (await getOrganization(db)).name,
      name: identity.name,
      reference: request.reference,
      url: `${publicUrl()}/case/${token}?lng=${request.language}`,
      hours: CASE_LINK_TTL_HOURS,
      queuePosition: p.event === "approved" ? await queuePosition(db, request) : null,
      paymentMethod: payment?.method ?? null,
      paidOn: payment?.paidOn ?? null,
      message: p.message ?? null,
      eventDate: p.eventDate ?? null,
    },
  });
}

/** Tells every applicant among `feeRequestIds` (funded together by one allocation) in one pass. */
export async function notifyApplicants(db: Db, feeRequestIds: string[], event: CaseEvent): Promise<void> {
  if (feeRequestIds.length === 0) return;
  // Requests without a living identity (seeded money, purged cases) are skipped in one query.
  const withIdentity = await db
    .select({ id: applicantIdentities.feeRequestId })
    .from(applicantIdentities)
    .where(
      and(
        sql`${applicantIdentities.feeRequestId} in (select value::uuid from json_array_elements_text(${JSON.stringify(feeRequestIds)}::json))`,
        isNull(applicantIdentities.destroyedAt),
      ),
    );
  for (const { id } of withIdentity) await notifyApplicant(db, { feeRequestId: id, event });
}

/** `case/<id>/<event>` for one-time events; repeatable ones get `/<n>`. Null: already emailed. */
async function idempotencyKey(db: Db, feeRequestId: string, event: CaseEvent, onceKey?: string): Promise<string | null> {
  const base = `case/${feeRequestId}/${event}`;
  if (onceKey) {
    const [sent] = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.idempotencyKey, `${base}/${onceKey}`));
    return sent ? null : `${base}/${onceKey}`;
  }
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(or(eq(outbox.idempotencyKey, base), like(outbox.idempotencyKey, `${base}/%`)));
  const n = Number(row?.n ?? 0);
  if (!repeatable.has(event)) return n === 0 ? base : null;
  return `${base}/${n + 1}`;
}
