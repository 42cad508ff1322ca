import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { donations, donorLinks } from "../../../db/schema";
import { generateSecret, hashSecret } from "../auth/tokens.server";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import { publicUrl } from "../http/public-url.server";
import type { Language } from "../i18n/config";
import { getOrganization } from "../organization/organization.server";
import { DONOR_LINK_MINUTES } from "./policy";

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Whether this address ever gave (a pending checkout the donor abandoned does not count). */
async function hasGifts(db: Db, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: donations.id })
    .from(donations)
    .where(and(sql`lower(${donations.donorEmail}) = ${email}`, sql`${donations.status} <> 'pending'`))
    .limit(1);
  return row !== undefined;
}

/** The worker's handler for "email me a link" on /donor: a link only to an address that gave. */
export async function requestDonorPageLink(db: Db, p: { email: string; locale: Language }, now = new Date()): Promise<void> {
  const email = normaliseEmail(p.email);
  if (!(await hasGifts(db, email))) return;
  await emailDonorPageLink(db, { email, locale: p.locale }, now);
}

/** Stores the hash of a fresh single-use token and queues the email that carries it. */
export async function emailDonorPageLink(db: Db, p: { email: string; locale: Language }, now = new Date()): Promise<void> {
  const token = generateSecret();
  await db.insert(donorLinks).values({ tokenHash: hashSecret(token), email: p.email, expiresAt: new Date(now.getTime() + DONOR_LINK_MINUTES * 60_000) });
  await enqueueEmail(db, {
    template: "donor-page-link",
    to: p.email,
    locale: p.locale,
    props: { organizationName: (await getOrganization(db)).name, url: `${publicUrl()}/donor/link/${token}`, minutes: DONOR_LINK_MINUTES },
  });
}

/** Spends a link once (two clicks at once cannot both succeed); returns the address it opens. */
export async function consumeDonorLink(db: Db, token: string, now = new Date()): Promise<string | null> {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  const [spent] = await db
    .update(donorLinks)
    .set({ usedAt: now })
    .where(and(eq(donorLinks.tokenHash, hashSecret(token)), isNull(donorLinks.usedAt), gt(donorLinks.expiresAt, now)))
    .returning({ email: donorLinks.email });
  return spent?.email ?? null;
}
