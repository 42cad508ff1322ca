import { eq } from "drizzle-orm";
import { donations, fundraisers, hostProfiles } from "../../../db/schema";
import { addDays, todayIn } from "../dates/dates";
import type { Db } from "../db/types";
import { demoOrganization } from "./demo-content";
import { recordDonationAndAllocate, recordProcessingFee } from "../ledger/gifts.server";

const DEMO_SLUG = "cafe-la-esquina-cafecito";

const daysFromToday = (days: number) => addDays(todayIn(demoOrganization.timezone), days);

const gifts = [
  { key: "f1", name: "Marisol Peña", email: "marisol@example.org", gift: 5000, fee: 175, locale: "es" as const, message: "¡Con cariño para el barrio!", wall: true, share: true },
  { key: "f2", name: "Dev Patel", email: "dev@example.org", gift: 2500, fee: 103, locale: "en" as const, message: "Great coffee, great cause.", wall: true, share: false },
  { key: "f3", name: null, email: "anon3@example.org", gift: 10000, fee: 320, locale: "en" as const, message: null, wall: false, share: false },
  { key: "f4", name: "Familia Ortega", email: "ortega@example.org", gift: 15000, fee: 465, locale: "es" as const, message: "Por nuestros vecinos.", wall: true, share: true },
];

/**
 * The demo host's business profile and a live fundraiser for the current campaign, with a
 * $500 match pledge and a few gifts (the match accrues with each gift). Runs once.
 */
export async function seedDemoFundraiser(db: Db, p: { hostUserId: string; campaignId: string }): Promise<boolean> {
  await db
    .insert(hostProfiles)
    .values({ userId: p.hostUserId, businessName: "Café La Esquina", contactName: "Elena Ruiz", phone: "(503) 555-0142", website: "https://cafe-la-esquina.example" })
    .onConflictDoNothing();
  const [existing] = await db.select({ id: fundraisers.id }).from(fundraisers).where(eq(fundraisers.slug, DEMO_SLUG));
  if (existing) return false;
  const [f] = await db
    .insert(fundraisers)
    .values({
      campaignId: p.campaignId,
      hostUserId: p.hostUserId,
      slug: DEMO_SLUG,
      businessName: "Café La Esquina",
      title: "Cafecito for DACA renewals",
      storyEn:
        "Every morning our neighbors line up for coffee before work. Many of them, or their kids, renew DACA every two years, and $555 is a lot at once.\n\nThis month, give through this page and Café La Esquina matches every dollar, up to $500. Drop by on Saturday for pan dulce: every sale goes to the fund.",
      storyEs:
        "Cada mañana nuestros vecinos hacen fila por un café antes del trabajo. Muchos de ellos, o sus hijos, renuevan DACA cada dos años, y $555 de una vez es mucho.\n\nEste mes, dona por esta página y Café La Esquina iguala cada dólar, hasta $500. Ven el sábado por pan dulce: cada venta va al fondo.",
      goalFees: 3,
      startsOn: daysFromToday(-10),
      endsOn: daysFromToday(30),
      status: "approved",
      approvedAt: new Date(),
      submittedAt: new Date(),
      eventOn: daysFromToday(4),
      eventPlace: "Café La Esquina, 1450 Fulton St, Fresno",
      matchCapCents: 50_000,
      matchStartsOn: daysFromToday(-10),
      matchEndsOn: daysFromToday(20),
      firstGiftEmailedAt: new Date(),
    })
    .returning({ id: fundraisers.id });
  for (const g of gifts) {
    const [row] = await db
      .insert(donations)
      .values({
        campaignId: p.campaignId,
        fundraiserId: f!.id,
        amountCents: g.gift,
        status: "succeeded",
        channel: "stripe",
        donorName: g.name,
        donorEmail: g.email,
        anonymous: g.name === null,
        publicMessage: g.message,
        showOnWall: g.wall,
        shareWithHost: g.share,
        locale: g.locale,
        stripeChargeId: `ch_demo_${DEMO_SLUG}_${g.key}`,
        succeededAt: new Date(),
      })
      .returning({ id: donations.id });
    const ref = `demo:${DEMO_SLUG}:${g.key}`;
    await recordDonationAndAllocate(db, { campaignId: p.campaignId, idempotencyKey: ref, giftCents: g.gift, donationId: row!.id, fundraiserId: f!.id });
    await recordProcessingFee(db, { campaignId: p.campaignId, idempotencyKey: `${ref}:fee`, feeCents: g.fee, donationId: row!.id });
  }
  return true;
}
