import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { donations, organization, outbox } from "../../db/schema";
import { queueYearEndStatements } from "../../app/modules/donations/statements.server";
import { renderEmail } from "../../app/modules/email/render.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCampaign } from "../support/ledger";

let database: TestDatabase;
let campaignId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const admin = await makeUser(database.db, { role: "admin" });
  campaignId = (await makeCampaign(database.db, admin.id, { titleEn: "DACA renewals 2025", titleEs: "Renovaciones de DACA 2025" })).id;
  await database.db.insert(organization).values({ name: "Fondo del Valle", ein: "12-3456789", timezone: "America/Los_Angeles" });
  const gift = (p: Partial<typeof donations.$inferInsert>) =>
    database.db.insert(donations).values({ campaignId, amountCents: 5_000, status: "succeeded", channel: "stripe", donorEmail: "ana@example.org", locale: "es", ...p });
  await gift({ succeededAt: new Date("2025-03-02T18:00:00Z"), feeCoverCents: 175, donorName: "Ana" });
  // Partly refunded, and a lost dispute: only what the donor really gave counts.
  await gift({ succeededAt: new Date("2025-06-10T18:00:00Z"), status: "partially_refunded", refundedCents: 2_000, donorEmail: "ANA@example.org" });
  await gift({ succeededAt: new Date("2025-07-01T18:00:00Z"), status: "disputed", disputeStatus: "lost" });
  // New Year's Eve in California is still 2025 there, though 2026 in UTC.
  await gift({ succeededAt: new Date("2026-01-01T05:00:00Z"), amountCents: 1_000 });
  // Not counted: other years, unfinished payments, gifts without an email.
  await gift({ succeededAt: new Date("2024-12-31T18:00:00Z") });
  await gift({ succeededAt: new Date("2026-01-01T09:00:00Z") });
  await gift({ status: "pending" });
  await gift({ status: "failed", succeededAt: null });
  await gift({ succeededAt: new Date("2025-05-05T18:00:00Z"), donorEmail: null });
  await gift({ succeededAt: new Date("2025-08-08T18:00:00Z"), donorEmail: "ben@example.org", locale: "en", amountCents: 2_500 });
});
afterAll(() => database.close());

describe("year-end statements", () => {
  it("queue one statement per donor with the year's gifts net of refunds, once", async () => {
    const progress: string[] = [];
    const report = await queueYearEndStatements(database.db, { year: 2025, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(report).toEqual({ donors: 2, queued: 2, alreadyQueued: 0 });
    expect(progress).toEqual(["1/2", "2/2"]);
    const rows = await database.db.select().from(outbox).where(eq(outbox.template, "year-end-statement"));
    const ana = rows.find((r) => r.toAddress === "ana@example.org")!;
    expect(ana.locale).toBe("es");
    expect(ana.props).toMatchObject({ year: 2025, donorName: "Ana", ein: "12-3456789", totalCents: 5_175 + 3_000 + 0 + 1_000 });
    expect((ana.props.gifts as { date: string; campaign: string; refundedCents: number }[]).map((g) => [g.date, g.campaign, g.refundedCents])).toEqual([
      ["2025-03-02", "Renovaciones de DACA 2025", 0],
      ["2025-06-10", "Renovaciones de DACA 2025", 2_000],
      ["2025-07-01", "Renovaciones de DACA 2025", 5_000],
      ["2025-12-31", "Renovaciones de DACA 2025", 0],
    ]);
    expect(rows.find((r) => r.toAddress === "ben@example.org")!.props).toMatchObject({ totalCents: 2_500, donorName: null });

    expect(await queueYearEndStatements(database.db, { year: 2025 })).toEqual({ donors: 2, queued: 0, alreadyQueued: 2 });
    expect(await database.db.select().from(outbox).where(eq(outbox.template, "year-end-statement"))).toHaveLength(2);
  });

  it("render in the donor's language with the tax wording", async () => {
    const [row] = await database.db.select().from(outbox).where(eq(outbox.toAddress, "ana@example.org"));
    const email = await renderEmail({ template: row!.template as "year-end-statement", locale: row!.locale, props: row!.props as never });
    expect(email.subject).toBe("Su resumen de donaciones de 2025 de Fondo del Valle");
    expect(email.text).toContain("Total donado en 2025: $91.75");
    expect(email.text).toContain("EIN 12-3456789");
  });
});
