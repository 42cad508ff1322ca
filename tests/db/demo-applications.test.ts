import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicantIdentities, campaigns, feeRequests } from "../../db/schema";
import { listCases } from "../../app/modules/applicants/review.server";
import { readIdentity } from "../../app/modules/applicants/identity.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { verifyLedger } from "../../app/modules/ledger/totals.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("demo applications", () => {
  it("puts fictional cases in every state into the staff queue, once, with the ledger intact", async () => {
    const first = await seedDemo(database.db);
    expect(first.applications).toBe(true);
    const [campaign] = await database.db.select().from(campaigns).where(eq(campaigns.slug, "daca-renewals-2026"));
    const withIdentity = await database.db
      .select({ id: feeRequests.id, status: feeRequests.status })
      .from(feeRequests)
      .innerJoin(applicantIdentities, eq(applicantIdentities.feeRequestId, feeRequests.id))
      .where(eq(feeRequests.campaignId, campaign!.id));
    expect(new Set(withIdentity.map((r) => r.status))).toEqual(new Set(["submitted", "in_review", "approved", "funded", "paid", "rejected", "withdrawn"]));
    for (const r of withIdentity) expect((await readIdentity(database.db, r.id))?.email).toMatch(/@example\.org$/);
    const queue = await listCases(database.db, { status: "open", sort: "urgency" });
    expect(queue.length).toBeGreaterThanOrEqual(6);
    expect(await verifyLedger(database.db)).toEqual([]);
    // USCIS's side: filed, evidence requested, approved, denied, and one refiled after an intake rejection.
    const atUscis = await database.db.select().from(feeRequests).where(eq(feeRequests.campaignId, campaign!.id));
    const states = atUscis.filter((r) => r.uscisStatus).map((r) => `${r.uscisStatus}${r.uscisDecision ? `:${r.uscisDecision}` : ""}${r.rejectedAtIntakeOn ? ":refiled" : ""}`);
    expect(states.sort()).toEqual(["decided:approved", "decided:denied", "evidence_requested", "filed", "filed:refiled"]);
    expect(atUscis.find((r) => r.rejectedAtIntakeOn)!.status).toBe("paid");
    expect((await seedDemo(database.db)).applications).toBe(false);
  });
});
