import { eq } from "drizzle-orm";
import { donations, feeRequests } from "../../../db/schema";
import { todayIn } from "../dates/dates";
import type { Db } from "../db/types";
import { demoOrganization } from "./demo-content";
import { approveFeeRequest, createFeeRequest, endFeeRequest } from "../applications/fee-requests.server";
import { fundQueue, payFee } from "../funding/funding.server";
import { recordDonationAndAllocate, recordProcessingFee, recordRefund } from "../ledger/gifts.server";

type DemoGift = {
  key: string;
  name: string | null;
  email: string;
  gift: number;
  cover: number;
  fee: number;
  locale: "en" | "es";
  message?: string;
  monthly?: boolean;
  tribute?: { kind: "honor" | "memory"; name: string };
};

const gifts2026: DemoGift[] = [
  { key: "g1", name: "Lucía Hernández", email: "lucia@example.org", gift: 55500, cover: 1700, fee: 1690, locale: "es", message: "¡Adelante, vecinos!" },
  { key: "g2", name: null, email: "anon1@example.org", gift: 10000, cover: 0, fee: 320, locale: "en" },
  { key: "g3", name: "Tom Becker", email: "tom@example.org", gift: 25000, cover: 760, fee: 777, locale: "en", message: "Proud to help.", tribute: { kind: "honor", name: "Ms. Alvarez, my teacher" } },
  { key: "g4", name: "Rosa Martínez", email: "rosa@example.org", gift: 55500, cover: 0, fee: 1640, locale: "es" },
  { key: "g5", name: "Grace Lee", email: "grace@example.org", gift: 5000, cover: 175, fee: 180, locale: "en" },
  { key: "g7", name: "Carlos Vega", email: "carlos@example.org", gift: 2500, cover: 105, fee: 106, locale: "es", monthly: true, message: "Cada mes, un poquito." },
  { key: "g6", name: "Iglesia San José", email: "tesoreria@example.org", gift: 55500, cover: 0, fee: 1640, locale: "es" },
];

const gifts495: DemoGift[] = [
  { key: "g1", name: "Ana Ruiz", email: "ana@example.org", gift: 49500, cover: 1500, fee: 1509, locale: "es" },
  { key: "g2", name: null, email: "anon2@example.org", gift: 20000, cover: 0, fee: 610, locale: "en" },
];

async function give(db: Db, campaignId: string, slug: string, g: DemoGift) {
  const [row] = await db
    .insert(donations)
    .values({
      campaignId,
      amountCents: g.gift,
      feeCoverCents: g.cover,
      frequency: g.monthly ? "monthly" : "one_time",
      subscriptionStatus: g.monthly ? "active" : null,
      status: "succeeded",
      channel: "stripe",
      donorName: g.name,
      donorEmail: g.email,
      anonymous: g.name === null,
      publicMessage: g.message ?? null,
      showOnWall: g.name !== null,
      locale: g.locale,
      stripeChargeId: `ch_demo_${slug}_${g.key}`,
      succeededAt: new Date(),
      tributeKind: g.tribute?.kind ?? null,
      tributeName: g.tribute?.name ?? null,
    })
    .returning({ id: donations.id });
  const ref = `demo:${slug}:${g.key}`;
  await recordDonationAndAllocate(db, { campaignId, idempotencyKey: ref, giftCents: g.gift, feeCoverCents: g.cover, donationId: row!.id });
  await recordProcessingFee(db, { campaignId, idempotencyKey: `${ref}:fee`, feeCents: g.fee, donationId: row!.id });
  return row!.id;
}

async function request(
  db: Db,
  campaignId: string,
  p: { expires: string; method?: "online" | "paper"; state: string; language: "en" | "es"; approve?: boolean; approvedOn?: string },
) {
  const created = await createFeeRequest(db, {
    campaignId,
    filingMethod: p.method ?? "online",
    dacaExpiresOn: p.expires,
    state: p.state,
    language: p.language,
  });
  if (p.approve !== false) await approveFeeRequest(db, { feeRequestId: created.id, actorUserId: null, on: p.approvedOn });
  return created.id;
}

/**
 * A realistic money trail for the demo: gifts with Stripe fees, requests in the queue,
 * automatic allocation, a payment to USCIS re-priced at payment, and a refund. Runs once per campaign.
 */
export async function seedDemoMoney(db: Db, campaigns: { current: { id: string; slug: string }; fixed: { id: string; slug: string } }) {
  const [existing] = await db.select({ id: feeRequests.id }).from(feeRequests).where(eq(feeRequests.campaignId, campaigns.current.id)).limit(1);
  if (existing) return false;
  const { current, fixed } = campaigns;

  // Approved under the old $495 schedule and paid at today's $555: re-priced, $60 from the pool.
  const first = await request(db, current.id, { expires: "2026-12-20", state: "CA", language: "es", approvedOn: "2024-03-28" });
  await request(db, current.id, { expires: "2027-02-11", state: "CA", language: "es" });
  await request(db, current.id, { expires: "2027-03-30", method: "paper", state: "OR", language: "en" });
  await request(db, current.id, { expires: "2027-04-18", state: "WA", language: "es" });
  await request(db, current.id, { expires: "2027-05-02", state: "CA", language: "en", approve: false });
  const withdrawn = await request(db, current.id, { expires: "2027-01-09", state: "NV", language: "es", approve: false });
  await endFeeRequest(db, { feeRequestId: withdrawn, outcome: "withdrawn", actorUserId: null });

  const donationIds: string[] = [];
  for (const g of gifts2026) donationIds.push(await give(db, current.id, current.slug, g));
  await fundQueue(db, { campaignId: current.id });
  await payFee(db, {
    feeRequestId: first,
    method: "paygov_online",
    paidOn: todayIn(demoOrganization.timezone),
    reference: "PAYGOV-26-000418",
    lines: [
      { form: "I-821D", amountCents: 8500 },
      { form: "I-765", amountCents: 47000 },
    ],
  });
  // Grace asked for her money back: refunded in full, card fee not returned by Stripe.
  const grace = gifts2026.find((g) => g.key === "g5")!;
  await recordRefund(db, {
    campaignId: current.id,
    idempotencyKey: `demo:${current.slug}:g5:refund`,
    amountCents: grace.gift + grace.cover,
    giftCents: grace.gift,
    fullRefund: true,
    donationId: donationIds[4],
  });
  await db.update(donations).set({ status: "refunded" }).where(eq(donations.id, donationIds[4]!));

  // A bank gift on its way: staff see it pending; no total counts it until the money clears.
  await db.insert(donations).values({
    campaignId: current.id,
    amountCents: 55500,
    status: "pending",
    channel: "stripe",
    paymentMethod: "bank",
    awaitingFundsSince: new Date(),
    donorName: "Mariana López",
    donorEmail: "mariana@example.org",
    locale: "es",
    stripeCheckoutSessionId: `cs_demo_${current.slug}_bank`,
  });

  await request(db, fixed.id, { expires: "2027-01-25", state: "TX", language: "es" });
  await request(db, fixed.id, { expires: "2027-06-14", state: "TX", language: "en" });
  for (const g of gifts495) await give(db, fixed.id, fixed.slug, g);
  await fundQueue(db, { campaignId: fixed.id });
  return true;
}
