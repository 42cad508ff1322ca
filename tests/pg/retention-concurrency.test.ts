import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, applicantIdentities } from "../../db/schema";
import { createFeeRequest, endFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { sealIdentity } from "../../app/modules/applicants/identity.server";
import { purgeEndedCases } from "../../app/modules/applicants/retention.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCampaign } from "../support/ledger";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ real: true, max: 8 });
});
afterAll(() => database.close());

describe("retention under concurrency", () => {
  it("several workers purging at once destroy each case once, with one audit entry each", async () => {
    const db = database.db;
    const admin = await makeUser(db, { role: "admin" });
    const campaign = await makeCampaign(db, admin.id);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const request = await createFeeRequest(db, { campaignId: campaign.id, filingMethod: "online", dacaExpiresOn: "2027-02-01", state: "CA", language: "en" });
      await sealIdentity(db, { feeRequestId: request.id, name: `Person ${i}`, email: `person${i}@example.org` });
      await endFeeRequest(db, { feeRequestId: request.id, outcome: i % 2 ? "rejected" : "withdrawn", actorUserId: admin.id });
      ids.push(request.id);
    }
    const later = new Date(Date.now() + 40 * 86_400_000);
    const reports = await Promise.all([1, 2, 3, 4].map(() => purgeEndedCases(db, { now: later })));
    expect(reports.reduce((sum, r) => sum + r.cases, 0)).toBe(12);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "case.personal_data_destroyed"));
    expect(audit.map((a) => a.subjectId).sort()).toEqual([...ids].sort());
    const left = await db.select().from(applicantIdentities).where(inArray(applicantIdentities.feeRequestId, ids));
    expect(left.every((row) => row.destroyedAt !== null && row.name === null && row.email === null && row.emailIndex === null)).toBe(true);
  });
});
