import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignUpdates, outbox, users } from "../../db/schema";
import { changeCampaignStatus } from "../../app/modules/campaigns/campaigns.server";
import { setDonorPreferences } from "../../app/modules/donors/preferences.server";
import { queueUpdateBatch } from "../../app/modules/donors/updates.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { makeCampaign } from "../support/ledger";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.database.db);
});
afterAll(() => server.stop());

const db = () => server.database.db;

async function published() {
  const [admin] = await db().select().from(users).where(eq(users.role, "admin")).limit(1);
  const campaign = await makeCampaign(db(), admin!.id);
  await changeCampaignStatus(db(), { id: campaign.id, intent: "publish", actorUserId: admin!.id });
  return campaign;
}

async function give(email: string, slug: string, locale: "en" | "es") {
  const response = await new Client(server.url, { "Accept-Language": locale }).post(`/campaigns/${slug}`, { intent: "donate", amount: "other", otherAmount: "20", frequency: "one_time", email });
  await server.fakeStripe!.completeCheckout(response.headers.get("location")!.split("/").pop()!);
}

describe("campaign updates", () => {
  it("show on the campaign page and go, in batches with progress, only to the campaign's donors who chose updates, each in their language", async () => {
    const campaign = await published();
    const other = await published();
    const stamp = Date.now();
    const [es1, en1, silent, elsewhere] = ["a-es", "b-en", "c-silent", "d-elsewhere"].map((p) => `${p}-${stamp}@example.org`);
    await give(es1!, campaign.slug, "es");
    await give(en1!, campaign.slug, "en");
    await give(silent!, campaign.slug, "en");
    await give(elsewhere!, other.slug, "en");
    for (const email of [es1!, en1!, elsewhere!]) await setDonorPreferences(db(), email, { impactEmails: false, campaignUpdates: true });

    const { client } = await signedInClient(server, "reviewer");
    const empty = new FormData();
    empty.set("bodyEn", "");
    empty.set("bodyEs", "Hola");
    expect((await client.post(`/staff/campaigns/${campaign.id}/updates`, empty)).status).toBe(400);
    const form = new FormData();
    form.set("bodyEn", "This month we paid seven renewals.");
    form.set("bodyEs", "Este mes pagamos siete renovaciones.");
    expect((await client.post(`/staff/campaigns/${campaign.id}/updates`, form)).status).toBe(303);
    const [update] = await db().select().from(campaignUpdates).where(eq(campaignUpdates.campaignId, campaign.id));

    // One address per batch: the progress staff see moves one at a time.
    expect(await queueUpdateBatch(db(), update!.id, 1)).toBe(true);
    const [halfway] = await db().select().from(campaignUpdates).where(eq(campaignUpdates.id, update!.id));
    expect([halfway!.queuedCount, halfway!.recipientsTotal, halfway!.queuedAt]).toEqual([1, 2, null]);
    expect(await (await client.get(`/staff/campaigns/${campaign.id}/updates`)).text()).toContain("Queuing emails: 1 of 2.");
    while (await queueUpdateBatch(db(), update!.id, 1));
    expect(await queueUpdateBatch(db(), update!.id, 1)).toBe(false);

    const sent = await db().select().from(outbox).where(eq(outbox.template, "campaign-news"));
    const mine = sent.filter((m) => m.idempotencyKey.startsWith(`campaign-update/${update!.id}/`));
    expect(mine.map((m) => m.toAddress).sort()).toEqual([es1, en1].sort());
    expect(mine.find((m) => m.toAddress === es1)!.props.body).toBe("Este mes pagamos siete renovaciones.");
    expect(mine.find((m) => m.toAddress === en1)!.props.body).toBe("This month we paid seven renewals.");
    expect(String(mine[0]!.props.unsubscribeUrl)).toContain("/unsubscribe/");
    expect(await db().select().from(outbox).where(and(eq(outbox.toAddress, silent!), eq(outbox.template, "campaign-news")))).toHaveLength(0);

    const page = await (await new Client(server.url, { "Accept-Language": "es" }).get(`/campaigns/${campaign.slug}`)).text();
    expect(page).toContain("Este mes pagamos siete renovaciones.");
  });
});
