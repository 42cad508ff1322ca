/**
 * The demo works from any address (issue 15, part 6): in demo mode links follow the address the
 * visitor used; the fake Stripe's customer portal cancels a monthly gift with a signed webhook;
 * the development outbox shows each email's subject and its HTML, sandboxed. Production's side
 * (APP_URL, Host never trusted) is in tests/pg/production-build.test.ts.
 */
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { donations, outbox } from "../../db/schema";
import en from "../../app/locales/en";
import { manageUrl } from "../../app/modules/donations/manage.server";
import { openOutboxRow } from "../../app/modules/email/sealed.server";
import { renderSubject } from "../../app/modules/email/render.server";
import { applicantEmails, applicationForm, publishedCampaign } from "../support/applicants";
import { makeUser } from "../support/factories";
import { makeFundraiser, makeHost } from "../support/fundraisers";
import { sendRaw } from "../support/hostile";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let slug: string;
let fundraiserSlug: string;
beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  const admin = await makeUser(db, { role: "admin" });
  const campaign = await publishedCampaign(db, admin.id);
  slug = campaign.slug;
  fundraiserSlug = (
    await makeFundraiser(db, {
      campaignId: campaign.id,
      hostUserId: (await makeHost(db)).id,
    })
  ).slug;
});
afterAll(() => server.stop());

const port = () => new URL(server.url).port;
const gift = (extra: Record<string, string> = {}) => ({
  intent: "donate",
  amount: "other",
  otherAmount: "25",
  frequency: "one_time",
  email: `donor-${Math.random().toString(36).slice(2)}@example.org`,
  ...extra,
});
const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k]!);
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

describe("demo mode: links follow the address the visitor used", () => {
  it("opened at 127.0.0.1, Checkout and its return URLs stay on 127.0.0.1", async () => {
    const origin = `http://127.0.0.1:${port()}`;
    const response = await new Client(origin).post(`/campaigns/${slug}`, gift());
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${origin}/demo-checkout/cs_`));
    const session = server.fakeStripe!.getCheckoutSession(location.split("/").pop()!)!;
    expect(session.success_url).toMatch(new RegExp(`^${origin}/donate/thanks\\?session_id=`));
    expect(session.cancel_url).toBe(`${origin}/campaigns/${slug}`);
  });

  it("opened at a LAN address (Host header), the emailed case link and Checkout use it", async () => {
    const lan = "192.168.1.50:3000";
    const send = (path: string, form: Record<string, string>) =>
      sendRaw(server.url, path, {
        headers: {
          Host: lan,
          Origin: `http://${lan}`,
          "Sec-Fetch-Site": "same-origin",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(form).toString(),
      });
    const checkout = await send(`/campaigns/${slug}`, gift());
    expect(checkout.status).toBe(303);
    expect(checkout.location).toMatch(new RegExp(`^http://${lan}/demo-checkout/cs_`));

    const form = applicationForm();
    expect((await send(`/campaigns/${slug}/apply`, form)).status).toBe(303);
    const [email] = await applicantEmails(server.database.db, form.email);
    expect(email!.props.url).toMatch(new RegExp(`^http://${lan}/case/[a-z2-7]+\\?lng=es$`));
  });

  it("behind a trusted proxy, X-Forwarded-Host is the address", async () => {
    const page = await new Client(server.url, {
      "X-Forwarded-Host": "fondo-demo.local:8080",
    }).get(`/f/${fundraiserSlug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`http://fondo-demo.local:8080/f/${fundraiserSlug}`);
  });

  it("a Host that is not a plain host[:port] is ignored (links stay on APP_URL)", async () => {
    const answer = await sendRaw(server.url, `/campaigns/${slug}`, {
      headers: {
        Host: "bad_host:3000",
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(gift()).toString(),
    });
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(new RegExp(`^${server.env.appUrl}/demo-checkout/cs_`));
  });
});

describe("the demo customer portal", () => {
  it("cancels a monthly gift with a signed webhook, and the donor's manage page shows it", async () => {
    const db = server.database.db;
    const donor = new Client(server.url);
    const start = await donor.post(`/campaigns/${slug}`, gift({ frequency: "monthly" }));
    const sessionId = start.headers.get("location")!.split("/").pop()!;
    await server.fakeStripe!.completeCheckout(sessionId);
    const [monthly] = await db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
    expect(monthly!.subscriptionStatus).toBe("active");
    const managePath = new URL(manageUrl(monthly!.id, 3_600_000)).pathname;
    const amount = "$25";
    expect(await (await donor.get(managePath)).text()).toContain(html(fill(en.donorManage.statusActive, { amount })));

    const open = await donor.post(managePath, {});
    expect(open.status).toBe(303);
    const portal = open.headers.get("location")!;
    expect(portal).toMatch(new RegExp(`^${server.url}/demo-portal/bps_`));
    const page = await donor.get(new URL(portal).pathname);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain("Demo only: this page stands in for Stripe&#39;s customer portal");
    const subscription = /name="subscription" value="(sub_[A-Za-z0-9]+)"/.exec(body)![1]!;

    const deliveriesBefore = server.fakeStripe!.deliveries.length;
    const cancel = await donor.post(new URL(portal).pathname, { subscription });
    expect(cancel.status).toBe(303);
    const deleted = server.fakeStripe!.events.find((e) => e.type === "customer.subscription.deleted" && (e.data.object as { id: string }).id === subscription);
    expect(deleted).toBeDefined();
    const delivery = server.fakeStripe!.deliveries.slice(deliveriesBefore).find((d) => d.eventId === deleted!.id);
    expect(delivery?.status).toBe(200);

    const [after] = await db.select().from(donations).where(eq(donations.id, monthly!.id));
    expect(after!.subscriptionStatus).toBe("canceled");
    const portalAfter = await (await donor.get(new URL(portal).pathname)).text();
    expect(portalAfter).toContain("Cancelled");
    expect(portalAfter).not.toContain('name="subscription"');
    const manageAfter = await (await donor.get(managePath)).text();
    expect(manageAfter).toContain(html(fill(en.donorManage.statusCanceled, { amount })));
    expect(manageAfter).not.toContain(html(en.donorManage.openPortal));
  });

  it("an unknown portal session is a 404", async () => {
    expect((await new Client(server.url).get("/demo-portal/bps_nope")).status).toBe(404);
  });
});

describe("the development outbox", () => {
  it("lists each email's subject and shows its HTML in a sandboxed frame with its own strict policy", async () => {
    const db = server.database.db;
    const form = applicationForm();
    expect((await new Client(server.url).post(`/campaigns/${slug}/apply`, form)).status).toBe(303);
    const [row] = await db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(1);
    const opened = openOutboxRow(row!);
    expect(opened.toAddress).toBe(form.email);
    const subject = renderSubject(opened);

    const visitor = new Client(server.url);
    expect(await (await visitor.get("/dev/outbox")).text()).toContain(html(subject));
    const page = await visitor.get(`/dev/outbox/${row!.id}`);
    const text = await page.text();
    expect(text).toContain(`<h1>${html(subject)}</h1>`);
    const frame = /<iframe[^>]*>/.exec(text)![0];
    expect(frame).toContain(`src="/dev/outbox/${row!.id}/html"`);
    expect(frame).toMatch(/sandbox="[^"]*"/);
    expect(frame).not.toContain("allow-scripts");
    // The page may frame its own origin (frame-src falls back to default-src 'self').
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("content-security-policy")).not.toContain("frame-src");

    const email = await visitor.get(`/dev/outbox/${row!.id}/html`);
    expect(email.status).toBe(200);
    expect(email.headers.get("content-type")).toContain("text/html");
    const policy = email.headers.get("content-security-policy")!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).toContain("sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation");
    expect(policy).not.toContain("script-src");
    expect(email.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(email.headers.get("cache-control")).toBe("no-store");
    const markup = await email.text();
    expect(markup).toContain('<base target="_top">');
    expect(markup).toContain(String(opened.props.url).replace(/&/g, "&amp;"));
  });
});
