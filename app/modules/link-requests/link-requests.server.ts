import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { emailRequests } from "../../../db/schema";
import { atPublicUrl, visitorPublicUrl } from "../http/public-url.server";
import { emailCaseLink, findCaseByEmail } from "../applicants/apply.server";
import { requestSignInLink } from "../auth/sign-in-links.server";
import type { Db } from "../db/types";
import { requestManageLink } from "../donations/manage.server";
import { requestDonorPageLink } from "../donors/links.server";
import type { Language } from "../i18n/config";
import { decrypt, encrypt } from "../privacy/encryption.server";
import { getKeyRing } from "../privacy/key-ring.server";

export type LinkRequestKind = (typeof emailRequests.$inferSelect)["kind"];

const aad = (id: string) => `email_requests:${id}:email`;

/**
 * "Email me a link" forms do exactly this, whoever the address belongs to: one encrypted row
 * (DESIGN §3: no timing tells whether an address applied, has an account or gives monthly). The
 * worker decides whether there is anything to send.
 */
export async function queueLinkRequest(db: Db, p: { kind: LinkRequestKind; email: string; locale: Language }): Promise<void> {
  const id = randomUUID();
  await db.insert(emailRequests).values({ id, kind: p.kind, emailSealed: encrypt(getKeyRing(), p.email, aad(id)), locale: p.locale, publicUrl: visitorPublicUrl() });
}

const handlers: Record<LinkRequestKind, (db: Db, email: string, locale: Language) => Promise<void>> = {
  "sign-in-link": (db, email, locale) => requestSignInLink(db, { email, locale }),
  "case-link": async (db, email) => {
    const feeRequestId = await findCaseByEmail(db, email);
    if (feeRequestId) await emailCaseLink(db, feeRequestId);
  },
  "donor-manage-link": (db, email, locale) => requestManageLink(db, { email, locale }),
  "donor-page-link": (db, email, locale) => requestDonorPageLink(db, { email, locale }),
};

/**
 * The worker's job: each waiting request is handled (its email queued in the outbox when the
 * address is known) and deleted in one transaction. Several workers can run: a row being handled
 * is skipped by the others. A request that cannot be handled is dropped, named by id only.
 */
export async function processLinkRequests(db: Db, limit = 50): Promise<number> {
  let handled = 0;
  while (handled < limit) {
    let failedId: string | null = null;
    const done = await db
      .transaction(async (tx) => {
        const [row] = await tx.select().from(emailRequests).orderBy(asc(emailRequests.createdAt)).limit(1).for("update", { skipLocked: true });
        if (!row) return false;
        failedId = row.id;
        await tx.delete(emailRequests).where(eq(emailRequests.id, row.id));
        // The link goes where the visitor asked from (demo mode), not where the last visitor was.
        await atPublicUrl(row.publicUrl, () => handlers[row.kind](tx, decrypt(getKeyRing(), row.emailSealed, aad(row.id)), row.locale));
        return true;
      })
      .catch(async (error: unknown) => {
        if (!failedId) throw error;
        console.warn(`email request ${failedId} dropped: ${(error as Error).name}`);
        await db.delete(emailRequests).where(eq(emailRequests.id, failedId));
        return true;
      });
    if (!done) break;
    handled += 1;
  }
  return handled;
}
