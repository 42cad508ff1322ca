import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, donations, outbox } from "../../db/schema";
import es from "../../app/locales/es";
import { renderEmail } from "../../app/modules/email/render.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer({ stripe: true });
  await seedDemo(server.database.db);
  [campaign] = await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));
});
afterAll(() => server.stop());

let n = 0;
async function giveInHonor(form: Record<string, string> = {}) {
  const response = await new Client(server.url).post(`/campaigns/${campaign.slug}`, {
    intent: "donate",
    amount: "quarter",
    frequency: "one_time",
    email: `donor${++n}@example.org`,
    name: "Lucía",
    tributeKind: "honor",
    tributeName: "Doña Rosa",
    tributeNotifyName: "Rosa",
    tributeNotifyEmail: "rosa@example.net",
    tributeLanguage: "es",
    tributeMessage: "Gracias por todo <3 & más",
    ...form,
  });
  expect(response.status).toBe(303);
  return response.headers.get("location")!.split("/").pop()!;
}
const notices = (to: string) => server.database.db.select().from(outbox).where(and(eq(outbox.template, "tribute-notice"), eq(outbox.toAddress, to)));
const donationOf = async (sessionId: string) => (await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId)))[0]!;

describe("gifts in someone's honor", () => {
  it("tells the person named once, only after the payment succeeds, in the chosen language, without the amount", async () => {
    const sessionId = await giveInHonor();
    expect(await notices("rosa@example.net")).toEqual([]);
    const fake = server.fakeStripe!;
    const from = fake.events.length;
    await fake.completeCheckout(sessionId);
    await fake.idle();
    await Promise.all(fake.events.slice(from).flatMap((e) => [fake.redeliver(e.id), fake.redeliver(e.id)]));
    const sent = await notices("rosa@example.net");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.locale).toBe("es");
    expect(sent[0]!.props).toMatchObject({ kind: "honor", honoreeName: "Doña Rosa", recipientName: "Rosa", donorName: "Lucía", amountCents: null });
    const email = await renderEmail(sent[0]!);
    expect(email.subject).toBe("Un donativo en honor de Doña Rosa");
    expect(email.html).toContain("Gracias por todo &lt;3 &amp; más");
    expect(email.text).not.toMatch(/123[.,]75/);
    expect(email.text).toContain(es.tribute.email.about);
    const thanks = await (await new Client(server.url).get(`/donate/thanks?session_id=${sessionId}&lng=es`)).text();
    expect(thanks).toContain("Su donativo es en honor de Doña Rosa.");
    expect(thanks).not.toContain("rosa@example.net");
    const { client } = await signedInClient(server, "reviewer");
    expect(await (await client.get(`/staff/campaigns/${campaign.id}/donations?lng=es`)).text()).toContain("En honor de Doña Rosa");
  });

  it("never tells anyone when the card is declined or the bank debit fails", async () => {
    const fake = server.fakeStripe!;
    const declined = await giveInHonor({ tributeNotifyEmail: "declined@example.net" });
    await fake.completeCheckout(declined, { fail: true });
    const bank = await giveInHonor({ tributeNotifyEmail: "bank-failed@example.net", paymentMethod: "bank" });
    await fake.completeCheckout(bank, { method: "us_bank_account" });
    await fake.settleBankDebit(bank, { fail: true });
    await fake.idle();
    expect((await donationOf(bank)).status).toBe("failed");
    expect(await notices("declined@example.net")).toEqual([]);
    expect(await notices("bank-failed@example.net")).toEqual([]);
  });

  it("names the amount only when the donor allows it, in memory as in honor", async () => {
    const sessionId = await giveInHonor({ tributeNotifyEmail: "family@example.net", tributeKind: "memory", tributeShowAmount: "on", tributeLanguage: "en" });
    await server.fakeStripe!.completeCheckout(sessionId);
    await server.fakeStripe!.idle();
    const [sent] = await notices("family@example.net");
    expect(sent!.props).toMatchObject({ kind: "memory", amountCents: (await donationOf(sessionId)).amountCents });
    expect((await renderEmail(sent!)).subject).toBe("A gift in memory of Doña Rosa");
  });

  it("a monthly gift in someone's honor tells them once, at the first charge, not at each renewal", async () => {
    const sessionId = await giveInHonor({ tributeNotifyEmail: "monthly@example.net", frequency: "monthly" });
    const fake = server.fakeStripe!;
    const { subscriptionId } = await fake.completeCheckout(sessionId);
    await fake.renewSubscription(subscriptionId!);
    await fake.renewSubscription(subscriptionId!);
    await fake.idle();
    const charges = await server.database.db.select().from(donations).where(eq(donations.stripeSubscriptionId, subscriptionId!));
    expect(charges.filter((d) => d.status === "succeeded")).toHaveLength(3);
    expect(await notices("monthly@example.net")).toHaveLength(1);
  });

  it("sends one address at most three notices a day, whoever gives", async () => {
    for (let i = 0; i < 4; i++) {
      const sessionId = await giveInHonor({ tributeNotifyEmail: "Popular@Example.net" });
      await server.fakeStripe!.completeCheckout(sessionId);
    }
    await server.fakeStripe!.idle();
    expect(await notices("popular@example.net")).toHaveLength(3);
  });

  it("asks for the name of the person honored, in the donor's language, and records nothing without it", async () => {
    const before = (await server.database.db.select().from(donations)).length;
    const response = await new Client(server.url, { "Accept-Language": "es" }).post(`/campaigns/${campaign.slug}`, {
      intent: "donate", amount: "full", frequency: "one_time", email: "x@example.org", tributeKind: "memory", tributeName: " ",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(es.errors.required);
    expect((await server.database.db.select().from(donations)).length).toBe(before);
  });
});
