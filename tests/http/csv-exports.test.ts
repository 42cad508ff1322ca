import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, donations, hostProfiles } from "../../db/schema";
import { recordProcessingFee } from "../../app/modules/ledger/gifts.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { signedInClient, startTestServer, type Client, type TestServer } from "../support/server";
import { makeFundraiser } from "../support/fundraisers";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
let host: Client;
let fundraiserId: string;
const evil = '=HYPERLINK("http://evil.example","click")';
// 6 pm on New Year's Eve in California (the demo organization's zone) is 1 January in UTC.
const newYearsEve = new Date("2027-01-01T02:00:00Z");

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  await seedDemo(db);
  [campaign] = await db.select().from(campaigns).where(eq(campaigns.slug, "daca-renewals-2026"));
  const signedIn = await signedInClient(server, "host");
  host = signedIn.client;
  await db.insert(hostProfiles).values({ userId: signedIn.user.id, businessName: "Panadería Lucía", contactName: "Lucía" });
  fundraiserId = (await makeFundraiser(db, { campaignId: campaign!.id, hostUserId: signedIn.user.id })).id;
  const gift = { campaignId: campaign!.id, status: "succeeded" as const, channel: "stripe" as const, locale: "es" as const, createdAt: newYearsEve, succeededAt: newYearsEve };
  await db.insert(donations).values([
    { ...gift, amountCents: 1_234, donorName: evil, donorEmail: "formula@example.org" },
    { ...gift, amountCents: 5_000, fundraiserId, shareWithHost: true, donorName: "Lucía Peña", donorEmail: "lucia.pena@example.org", publicMessage: "-555.00" },
  ]);
  await recordProcessingFee(db, { campaignId: campaign!.id, idempotencyKey: "csv-test-fee", feeCents: 55_500, memo: evil });
});
afterAll(() => server.stop());

type Row = Record<string, string | number>;
async function download(client: Client, path: string) {
  const response = await client.get(path);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  const bytes = Buffer.from(await response.arrayBuffer());
  // UTF-8 with a BOM, so Excel shows "Lucía" rather than "LucÃ­a".
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8");
  const rows = parse(text, { bom: true, columns: true, cast: true }) as Row[];
  expect(rows.length).toBeGreaterThan(0);
  return { text, rows };
}

describe("CSV exports open cleanly in a spreadsheet", () => {
  it("ledger: amounts are numbers, every transaction sums to zero in cents and in dollars, formulas in text are neutralised", async () => {
    const { client } = await signedInClient(server, "admin");
    const { text, rows } = await download(client, `/staff/campaigns/${campaign.id}/ledger.csv`);
    for (const r of rows) {
      expect(typeof r.amount_cents).toBe("number");
      expect(typeof r.amount_usd).toBe("number");
      expect(r.amount_usd).toBeCloseTo(Number(r.amount_cents) / 100, 10);
    }
    const byTransaction = new Map<number, { cents: number; dollars: number }>();
    for (const r of rows) {
      const sum = byTransaction.get(Number(r.transaction_id)) ?? { cents: 0, dollars: 0 };
      byTransaction.set(Number(r.transaction_id), { cents: sum.cents + Number(r.amount_cents), dollars: sum.dollars + Number(r.amount_usd) });
    }
    expect(byTransaction.size).toBeGreaterThan(5);
    for (const sum of byTransaction.values()) {
      expect(sum.cents).toBe(0);
      expect(Math.round(sum.dollars * 100)).toBe(0);
    }
    // The $555 fee, taken from the pool and the reserve: negative dollars are numbers, never text like '-555.00.
    const fee = rows.filter((r) => r.reference === "csv-test-fee");
    expect(fee.map((r) => r.amount_usd)).toContain(555);
    const negatives = rows.filter((r) => Number(r.amount_cents) < 0);
    expect(negatives.length).toBeGreaterThan(3);
    for (const r of negatives) expect(text).toContain(`,${r.amount_cents},${(Number(r.amount_cents) / 100).toFixed(2)}\r\n`);
    expect(text).not.toContain(",'-");
    expect(fee.every((r) => r.memo === `'${evil}`)).toBe(true);
    expect(rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/.test(String(r.created_at)))).toBe(true);
  });

  it("donations: dollars are numbers, a donor's formula is text, Spanish names and the organization's time round-trip", async () => {
    const { client } = await signedInClient(server, "reviewer");
    const { rows } = await download(client, `/staff/campaigns/${campaign.id}/donations.csv`);
    for (const r of rows) {
      expect(typeof r.gift_usd).toBe("number");
      expect(typeof r.fee_cover_usd).toBe("number");
    }
    const formula = rows.find((r) => r.donor_email === "formula@example.org")!;
    expect(formula.donor_name).toBe(`'${evil}`);
    expect(formula.gift_usd).toBe(12.34);
    expect(formula.succeeded_at).toBe("2026-12-31T18:00:00-08:00");
    expect(rows.some((r) => r.donor_name === "Lucía Hernández")).toBe(true);
    expect(rows.some((r) => r.donor_name === "Lucía Peña")).toBe(true);
  });

  it("a host's gifts: the amount is a number, a message like -555.00 is the donor's text and is neutralised", async () => {
    const { rows } = await download(host, `/host/fundraisers/${fundraiserId}/gifts.csv`);
    expect(rows).toEqual([
      { date: "2026-12-31T18:00:00-08:00", amount_usd: 50, channel: "stripe", monthly: "no", name: "Lucía Peña", email: "lucia.pena@example.org", message: "'-555.00" },
    ]);
  });
});
