/**
 * Money typed is money charged: amounts as donors type them in English and Spanish, posted
 * through the real donate form, read back from the Checkout Session the fake Stripe received.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { getStripe } from "../../app/modules/payments/stripe.server";
import { campaigns, donations } from "../../db/schema";
import { fillTemplate } from "../support/browser-suite";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
beforeAll(async () => {
  // The default bounds, $5 to $10,000; the demo campaign's fee is $495.
  server = await startTestServer({ stripe: true });
  await seedDemo(server.database.db);
  [campaign] = await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));
});
afterAll(() => server.stop());

const catalogues = { en, es };
type Expected = number | ((t: typeof en) => string);
const range = (t: typeof en) => fillTemplate(t.errors.moneyRange, { min: "$5", max: "$10,000" });

/** [what is checked, what is typed, cents charged or the field error the donor reads] */
const table: Record<"en" | "es", [string, string, Expected][]> = {
  en: [
    ["other", "50", 5_000],
    ["other", "50.00", 5_000],
    ["other", "50.5", 5_050],
    ["other", "$1,234.56", 123_456],
    ["other", " 75 ", 7_500],
    ["other", "$ 2 500", 250_000],
    ["other", "1,000", 100_000],
    ["other", "1.000", 100_000],
    ["other", "25,5", 2_550],
    ["other", "10,000.00", 1_000_000],
    ["full", "40", 4_000], // typed means chosen, even with the default preset still checked
    ["full", "", 49_500],
    ["other", "", (t) => t.donate.errors.otherAmount],
    ["other", "   ", (t) => t.donate.errors.otherAmount],
    ["other", "ten", (t) => t.errors.money],
    ["other", "-5", (t) => t.errors.money],
    ["other", "1e3", (t) => t.errors.money],
    ["other", "1,234,56", (t) => t.errors.money],
    ["other", "50.", (t) => t.errors.money],
    ["other", "4.99", range],
    ["other", "10,000.01", range],
    ["other", "1,000,000", range],
  ],
  es: [
    ["other", "50,00", 5_000],
    ["other", "25,5", 2_550],
    ["other", "1.234,56", 123_456],
    ["other", "$ 1 234,56", 123_456],
    ["other", "1,234.56", 123_456],
    ["other", "10.000", 1_000_000],
    ["other", "5.000,00", 500_000],
    ["other", "0,5e1", (t) => t.errors.money],
    ["other", "7,50", 750],
    ["half", "60,25", 6_025],
    ["quarter", "", 12_375],
    ["other", "", (t) => t.donate.errors.otherAmount],
    ["other", "cincuenta", (t) => t.errors.money],
    ["other", "1.234.56", (t) => t.errors.money],
    ["other", "0,500", (t) => t.errors.money],
    ["other", "$$50", (t) => t.errors.money],
    ["other", "4,99", range],
    ["other", "10.000,01", range],
    ["other", "50.000,00", range],
  ],
};

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

describe.each(["en", "es"] as const)("amounts typed on the donate form in %s", (language) => {
  it.each(table[language])("with %j checked, %j typed → %j", async (amount, otherAmount, expected) => {
    const before = (await server.database.db.select().from(donations)).length;
    const response = await new Client(server.url).post(`/campaigns/${campaign.slug}?lng=${language}`, {
      intent: "donate",
      amount,
      otherAmount,
      frequency: "one_time",
      email: "typed@example.org",
    });
    if (typeof expected === "number") {
      expect(response.status).toBe(303);
      const sessionId = response.headers.get("location")!.split("/").pop()!;
      const session = await getStripe().checkout.sessions.retrieve(sessionId);
      expect(session.amount_total).toBe(expected);
      const items = await getStripe().checkout.sessions.listLineItems(sessionId);
      expect(items.data.map((i) => i.amount_total)).toEqual([expected]);
      const [pending] = await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
      expect(pending!.amountCents).toBe(expected);
    } else {
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(page).toContain(html(expected(catalogues[language])));
      expect(await server.database.db.select().from(donations)).toHaveLength(before);
    }
  });
});
