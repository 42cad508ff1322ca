import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, donations } from "../../db/schema";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { getStripe } from "../../app/modules/payments/stripe.server";
import { feeCoverFor, stripeFee } from "../../app/modules/donations/pricing";
import { Client, startTestServer, type TestServer } from "../support/server";

// An organization on Stripe's nonprofit rate (2.2% + 30¢) that takes gifts from $10 to $100.
let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer({ env: { DONATION_MIN_DOLLARS: "10", DONATION_MAX_DOLLARS: "100", CARD_FEE_PERCENT: "2.2", CARD_FEE_FIXED_CENTS: "30" } });
  await seedDemo(server.database.db);
  [campaign] = await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));
});
afterAll(() => server.stop());

const give = (form: Record<string, string>) =>
  new Client(server.url).post(`/campaigns/${campaign.slug}?lng=en`, { intent: "donate", amount: "other", frequency: "one_time", email: "set@example.org", ...form });

describe("gift bounds and the card rate come from the organization's settings", () => {
  it("tells donors the configured bounds and refuses gifts outside them", async () => {
    const page = await new Client(server.url).get(`/campaigns/${campaign.slug}?lng=en`);
    expect(await page.text()).toContain("From $10 to $100.");
    const before = (await server.database.db.select().from(donations)).length;
    for (const otherAmount of ["9.99", "100.01", "5"]) {
      const response = await give({ otherAmount });
      expect(response.status, otherAmount).toBe(400);
      expect(await response.text()).toContain("Enter an amount from $10 to $100.");
    }
    expect(await server.database.db.select().from(donations)).toHaveLength(before);
  });

  it("computes the card-fee cover at the configured rate, so the campaign nets the whole gift", async () => {
    const response = await give({ otherAmount: "100", coverFees: "on" });
    expect(response.status).toBe(303);
    const sessionId = response.headers.get("location")!.split("/").pop()!;
    const [pending] = await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
    const nonprofit = { basisPoints: 220, fixedCents: 30 };
    expect(pending!.feeCoverCents).toBe(feeCoverFor(10_000, nonprofit));
    expect(pending!.feeCoverCents).toBeLessThan(feeCoverFor(10_000, { basisPoints: 290, fixedCents: 30 }));
    const total = 10_000 + pending!.feeCoverCents;
    expect(total - stripeFee(total, nonprofit)).toBeGreaterThanOrEqual(10_000);
    const items = await getStripe().checkout.sessions.listLineItems(sessionId);
    expect(items.data.map((i) => i.amount_total).sort((a, b) => a - b)).toEqual([pending!.feeCoverCents, 10_000]);
  });
});
