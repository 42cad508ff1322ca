import { createHmac } from "node:crypto";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { donations } from "../../../db/schema";
import { constantTimeEqual } from "../auth/tokens.server";
import { getEnv } from "../config/env.server";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import type { Language } from "../i18n/config";
import { getOrganization } from "../organization/organization.server";
import { getStripe } from "../payments/stripe.server";
import { publicUrl } from "../http/public-url.server";

const RECEIPT_LINK_DAYS = 30;
const EMAILED_LINK_HOURS = 24;

const sign = (payload: string) => createHmac("sha256", getEnv().sessionSecret).update(`donor-manage:${payload}`).digest("base64url");

/** A signed, expiring link that lets a monthly donor reach Stripe's customer portal. */
export function manageUrl(donationId: string, validForMs: number, now = Date.now()): string {
  const payload = `${donationId}.${Math.floor((now + validForMs) / 1000)}`;
  return `${publicUrl()}/donor/manage/${payload}.${sign(payload)}`;
}

export const receiptManageUrl = (donationId: string) => manageUrl(donationId, RECEIPT_LINK_DAYS * 86_400_000);

export function verifyManageToken(token: string, now = Date.now()): string | null {
  const match = /^([0-9a-f-]{36})\.(\d{1,12})\.([\w-]{43})$/.exec(token);
  if (!match) return null;
  const [, donationId, expires, signature] = match;
  if (!constantTimeEqual(signature!, sign(`${donationId}.${expires}`))) return null;
  if (Number(expires) * 1000 < now) return null;
  return donationId!;
}

/** Emails a fresh link to every monthly gift of this address; the caller answers the same either way. */
export async function requestManageLink(db: Db, p: { email: string; locale: Language }): Promise<void> {
  const gifts = await db
    .select()
    .from(donations)
    .where(and(eq(donations.donorEmail, p.email.trim().toLowerCase()), eq(donations.frequency, "monthly"), isNull(donations.parentDonationId), isNotNull(donations.stripeCustomerId)))
    .orderBy(desc(donations.createdAt))
    .limit(5);
  if (gifts.length === 0) return;
  const organizationName = (await getOrganization(db)).name;
  for (const gift of gifts) {
    await enqueueEmail(db, {
      template: "donor-manage-link",
      to: gift.donorEmail!,
      locale: p.locale,
      props: { organizationName, url: manageUrl(gift.id, EMAILED_LINK_HOURS * 3_600_000), giftCents: gift.amountCents + gift.feeCoverCents, hours: EMAILED_LINK_HOURS },
    });
  }
}

/** The monthly gift of a verified link as the donor sees it (the status follows Stripe's webhooks). */
export async function monthlyGift(db: Db, donationId: string) {
  const [gift] = await db
    .select({ amountCents: donations.amountCents, feeCoverCents: donations.feeCoverCents, status: donations.subscriptionStatus })
    .from(donations)
    .where(eq(donations.id, donationId));
  return gift ? { cents: gift.amountCents + gift.feeCoverCents, status: gift.status } : null;
}

/** Opens Stripe's customer portal for the donor of a verified link. */
export async function openCustomerPortal(db: Db, p: { donationId: string; returnUrl: string; locale: Language }): Promise<string | null> {
  const [gift] = await db.select().from(donations).where(eq(donations.id, p.donationId));
  if (!gift?.stripeCustomerId) return null;
  const session = await getStripe().billingPortal.sessions.create({ customer: gift.stripeCustomerId, return_url: p.returnUrl, locale: p.locale });
  return session.url;
}

/** The address of a verified link's gift (lower case), which the donor page opens. */
export async function giftEmail(db: Db, donationId: string): Promise<string | null> {
  const [gift] = await db.select({ email: donations.donorEmail }).from(donations).where(eq(donations.id, donationId));
  return gift?.email ? gift.email.trim().toLowerCase() : null;
}
