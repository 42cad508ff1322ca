import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { donations, fundraisers, organization, outbox } from "../../db/schema";
import { receiptProps } from "../../app/modules/donations/receipts.server";
import { queueYearEndStatements } from "../../app/modules/donations/statements.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { getOrganization } from "../../app/modules/organization/organization.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makeFundraiser, makeHost, reloadFundraiser } from "../support/fundraisers";
import { makeCampaign } from "../support/ledger";

// 6 pm on New Year's Eve in California (02:00 on 1 January in UTC), and 00:30 on New Year's Day there.
const eveningOf31December = new Date("2027-01-01T02:00:00Z");
const justAfterMidnight = new Date("2027-01-01T08:30:00Z");

let database: TestDatabase;
let campaignId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const admin = await makeUser(database.db, { role: "admin" });
  campaignId = (await makeCampaign(database.db, admin.id)).id;
  await database.db.insert(organization).values({ name: "Fondo del Valle", timezone: "America/Los_Angeles" });
});
afterAll(() => database.close());

const gift = async (p: { at: Date; email: string; fundraiserId?: string }) => {
  const [row] = await database.db
    .insert(donations)
    .values({ campaignId, amountCents: 2_500, status: "succeeded", channel: "stripe", donorEmail: p.email, locale: "es", createdAt: p.at, succeededAt: p.at, fundraiserId: p.fundraiserId ?? null })
    .returning();
  return row!;
};

describe("around midnight where the organization is", () => {
  it("dates a receipt by the organization's day", async () => {
    const org = await getOrganization(database.db);
    const evening = await gift({ at: eveningOf31December, email: "eve@example.org" });
    const morning = await gift({ at: justAfterMidnight, email: "newyear@example.org" });
    expect(receiptProps(org, evening, eveningOf31December).date).toBe("2026-12-31");
    expect(receiptProps(org, morning, justAfterMidnight).date).toBe("2027-01-01");
  });

  it("counts a New Year's Eve gift in that year's statement, and one after midnight in the new year's", async () => {
    expect(await queueYearEndStatements(database.db, { year: 2026 })).toMatchObject({ donors: 1, queued: 1 });
    expect(await queueYearEndStatements(database.db, { year: 2027 })).toMatchObject({ donors: 1, queued: 1 });
    const statements = await database.db.select().from(outbox).where(eq(outbox.template, "year-end-statement"));
    const byDonor = Object.fromEntries(statements.map((s) => [s.toAddress, s.props as { year: number; gifts: { date: string }[] }]));
    expect(byDonor["eve@example.org"]).toMatchObject({ year: 2026, gifts: [{ date: "2026-12-31" }] });
    expect(byDonor["newyear@example.org"]).toMatchObject({ year: 2027, gifts: [{ date: "2027-01-01" }] });
  });

  it("matches a gift made on the evening the match window closes, not one made after midnight", async () => {
    const host = await makeHost(database.db);
    const page = await makeFundraiser(database.db, { campaignId, hostUserId: host.id, matchCapCents: 100_000 });
    await database.db.update(fundraisers).set({ startsOn: "2026-12-01", endsOn: "2026-12-31" }).where(eq(fundraisers.id, page.id));
    const evening = await gift({ at: eveningOf31December, email: "m1@example.org", fundraiserId: page.id });
    const morning = await gift({ at: justAfterMidnight, email: "m2@example.org", fundraiserId: page.id });
    for (const d of [evening, morning])
      await recordDonation(database.db, { campaignId, idempotencyKey: `gift/${d.id}`, giftCents: d.amountCents, donationId: d.id, fundraiserId: page.id });
    expect((await reloadFundraiser(database.db, page.id)).matchedCents).toBe(2_500);
  });
});
