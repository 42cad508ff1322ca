/**
 * One language per page: every public, donor, applicant and host page, rendered for a Spanish
 * browser, holds no English sentence from the English catalogue and no untranslated key. The
 * pages come from the route files, so a new page cannot be left out; text people wrote (a host's
 * story, a campaign title) sits inside its own `lang` and is exempt.
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { hostProfiles, outbox } from "../../db/schema";
import { unsubscribeUrl } from "../../app/modules/donors/unsubscribe.server";
import { processLinkRequests } from "../../app/modules/link-requests/link-requests.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { manageUrl } from "../../app/modules/donations/manage.server";
import { translator } from "../../app/modules/i18n/translator";
import { applicationForm, latestCaseLinkPath } from "../support/applicants";
import { makeUser } from "../support/factories";
import { makePublishedCampaign } from "../support/fundraiser-fixture";
import { makeFundraiser } from "../support/fundraisers";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ stripe: true });
});
afterAll(() => server.stop());

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ""): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [[prefix + k, v] as [string, string]] : flatten(v, `${prefix}${k}.`)));

const spanish = new Map(flatten(es as unknown as Tree));
/** English sentences (more than two words, between placeholders) that Spanish writes differently. */
const englishSentences = [
  ...new Set(
    flatten(en as unknown as Tree)
      .filter(([key, text]) => spanish.get(key) !== text)
      .flatMap(([, text]) => text.split(/\{\{[^}]+\}\}|<[^>]*>/))
      .map((part) => part.trim().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ""))
      .filter((part) => part.split(/\s+/).length > 2),
  ),
];
/** Whole English strings, however short, that Spanish writes differently (for page titles). */
const englishStrings = new Set(flatten(en as unknown as Tree).filter(([key, text]) => spanish.get(key) !== text).map(([, text]) => text));
const keyPaths = new Set(flatten(en as unknown as Tree).map(([key]) => key.replace(/_(one|other)$/, "")));

/** Removes every element that carries its own `lang` (text in the language its author wrote). */
function withoutOwnLanguage(html: string): string {
  let out = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, "");
  for (;;) {
    const open = /<(\w+)\b(?=[^>]*\slang="[^"]*")[^>]*>/g;
    let match: RegExpExecArray | null;
    let found = false;
    while ((match = open.exec(out))) {
      const tag = match[1]!;
      if (tag === "html") continue;
      let depth = 1;
      const scan = new RegExp(`<(/?)${tag}\\b[^>]*>`, "g");
      scan.lastIndex = match.index + match[0].length;
      let end = out.length;
      let step: RegExpExecArray | null;
      while (depth > 0 && (step = scan.exec(out))) {
        depth += step[1] ? -1 : step[0].endsWith("/>") ? 0 : 1;
        if (depth === 0) end = step.index + step[0].length;
      }
      out = out.slice(0, match.index) + out.slice(end);
      found = true;
      break;
    }
    if (!found) return out;
  }
}

const decode = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&");

/** What a person reads or hears on the page: text, titles, labels and alternative text. */
function readable(html: string): string {
  const body = withoutOwnLanguage(html);
  const attributes = [...body.matchAll(/\s(?:aria-label|alt|title|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  return decode([body.replace(/<[^>]+>/g, " "), ...attributes].join(" ")).replace(/\s+/g, " ");
}

function problems(html: string): string[] {
  const text = readable(html);
  const english = englishSentences.filter((sentence) => text.includes(sentence)).map((s) => `English: ${s}`);
  const keys = [...text.matchAll(/\b[a-zA-Z]+(?:\.[a-zA-Z_]+)+\b/g)].map((m) => m[0]).filter((k) => keyPaths.has(k) || keyPaths.has(k.replace(/\.[^.]+$/, "")));
  const title = decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "").split(" · ")[0]!;
  const englishTitle = englishStrings.has(title) ? [`English title: ${title}`] : [];
  return [...english, ...englishTitle, ...keys.map((k) => `missing key: ${k}`)];
}

/** Route files that are pages for donors, applicants, hosts or the public (not staff, files or hooks). */
function visitorPages(): string[] {
  return fs
    .readdirSync(path.join(import.meta.dirname, "../../app/routes"))
    .filter((file) => file.endsWith(".tsx") && !file.startsWith("staff") && !file.startsWith("dev.") && file !== "sign-out.tsx")
    .map((file) => file.replace(/\.tsx$/, ""));
}

describe("every visitor page in Spanish", () => {
  it("holds no English sentence from the catalogue and no missing key", async () => {
    const db = server.database.db;
    const campaign = await makePublishedCampaign(db, { titleEn: "Renewals for the valley", titleEs: "Renovaciones del valle" });
    const visitor = () => new Client(server.url, { "Accept-Language": "es-MX,es;q=0.9" });

    // An applicant with an open case (and a form sent back with errors).
    const applicant = visitor();
    const form = applicationForm({ language: "es" });
    const errors = await applicant.post(`/campaigns/${campaign.slug}/apply`, { ...form, name: "", email: "no", consent: "" });
    expect(errors.status).toBe(400);
    const applied = await applicant.post(`/campaigns/${campaign.slug}/apply`, form);
    expect(applied.status).toBeLessThan(400);
    const caseLink = await latestCaseLinkPath(db, form.email!);
    const caseOpenPage = await (await applicant.get(caseLink)).text();
    expect((await applicant.post(caseLink, {})).status).toBe(303);

    // A host with a business, a live page and its dashboard.
    const { client: host, user } = await signedInClient(server, "host", { "Accept-Language": "es" });
    await db.insert(hostProfiles).values({ userId: user.id, businessName: "Panadería Luna", contactName: "Luna" });
    const page = await makeFundraiser(db, { campaignId: campaign.id, hostUserId: user.id, matchCapCents: 10_000 });

    // Someone between their password and their two-step code.
    const twoStep = visitor();
    const admin = await makeUser(db, { role: "admin", password: "correct horse battery staple", totp: true });
    expect((await twoStep.post("/sign-in", { intent: "password", email: admin.email, password: "correct horse battery staple" })).status).toBe(303);

    // A donor on their way through checkout.
    const donor = visitor();
    const donateErrors = await donor.post(`/campaigns/${campaign.slug}`, { intent: "donate", frequency: "one_time", amount: "other", otherAmount: "0.01", email: "x" });
    const checkout = await donor.post(`/campaigns/${campaign.slug}`, { intent: "donate", frequency: "one_time", amount: "other", otherAmount: "80", email: "donor@example.org" });
    const sessionId = checkout.headers.get("location")!.split("/").pop()!;

    // A donor with a paid gift, on the donor page from the emailed link.
    const giver = visitor();
    const giverEmail = "donor-page-es@example.org";
    const paid = await giver.post(`/campaigns/${campaign.slug}`, { intent: "donate", frequency: "one_time", amount: "other", otherAmount: "30", email: giverEmail });
    await server.fakeStripe!.completeCheckout(paid.headers.get("location")!.split("/").pop()!);
    expect((await giver.post("/donor", { intent: "request-link", email: giverEmail })).status).toBe(303);
    await processLinkRequests(db);
    const [link] = await db.select().from(outbox).where(and(eq(outbox.toAddress, giverEmail), eq(outbox.template, "donor-page-link")));
    expect((await giver.post(new URL(String(link!.props.url)).pathname, {})).status).toBe(303);

    const pages: Record<string, [Client, string][]> = {
      $: [[visitor(), "/no-existe"]],
      _index: [[visitor(), "/"]],
      "apply._index": [[visitor(), "/apply"]],
      "campaigns.$slug._index": [[visitor(), `/campaigns/${campaign.slug}`]],
      "campaigns.$slug.transparency": [[visitor(), `/campaigns/${campaign.slug}/transparency`]],
      "campaigns.$slug_.apply": [[visitor(), `/campaigns/${campaign.slug}/apply`]],
      "case.$token": [[visitor(), "/case/not-a-token"]],
      "case._index": [[applicant, "/case"], [visitor(), "/case"]],
      "case.contact": [[applicant, "/case/contact"]],
      "case.email.$token": [[applicant, "/case/email/not-a-token"]],
      "case.resend": [[visitor(), "/case/resend"]],
      "case.withdraw": [[applicant, "/case/withdraw"]],
      "demo-checkout.$id": [[donor, `/demo-checkout/${sessionId}`]],
      "donate.thanks": [[donor, `/donate/thanks?session_id=${sessionId}`]],
      "donor.manage._index": [[visitor(), "/donor/manage"]],
      "donor._index": [[giver, "/donor"], [visitor(), "/donor"]],
      "donor.link.$token": [[visitor(), "/donor/link/not-a-token"]],
      "unsubscribe.$token": [[visitor(), new URL(unsubscribeUrl(giverEmail, "impact")).pathname], [visitor(), "/unsubscribe/forged"]],
      "donor.manage.$token": [[visitor(), new URL(manageUrl(crypto.randomUUID(), 3_600_000)).pathname], [visitor(), "/donor/manage/forged"]],
      "f.$slug": [[visitor(), `/f/${page.slug}`]],
      "f.$slug_.embed": [[visitor(), `/f/${page.slug}/embed`]],
      "f.$slug_.poster": [[host, `/f/${page.slug}/poster`]],
      "host._index": [[host, "/host"], [visitor(), "/host"]],
      "host.fundraisers.$id": [[host, `/host/fundraisers/${page.id}`]],
      "host.fundraisers.$id_.edit": [[host, `/host/fundraisers/${page.id}/edit`]],
      "host.fundraisers.$id_.pay-match": [[host, `/host/fundraisers/${page.id}/pay-match`]],
      "host.fundraisers.new": [[host, "/host/fundraisers/new"]],
      "host.profile": [[host, "/host/profile"]],
      "sign-in": [[visitor(), "/sign-in"]],
      "sign-in_.two-factor": [[twoStep, "/sign-in/two-factor"]],
      "sign-in_.verify": [[visitor(), "/sign-in/verify?token=x"]],
    };
    expect(Object.keys(pages).sort()).toEqual(visitorPages().sort());

    // The check itself sees English: the same home page for an English browser fails it.
    expect(problems(await (await new Client(server.url, { "Accept-Language": "en" }).get("/")).text()).length).toBeGreaterThan(3);

    const found: string[] = [];
    const check = (where: string, html: string) => {
      expect(html, where).toMatch(/<html lang="es"/);
      for (const problem of problems(html)) found.push(`${where}: ${problem}`);
    };
    check("application with errors", await errors.text());
    check("donation with errors", await donateErrors.text());
    check("case link", caseOpenPage);
    for (const [route, visits] of Object.entries(pages))
      for (const [client, address] of visits) {
        const response = await client.get(address);
        if (response.status >= 300 && response.status < 400) {
          found.push(`${route} (${address}) redirected to ${response.headers.get("location")}`);
          continue;
        }
        check(`${route} (${address})`, await response.text());
      }
    expect(found).toEqual([]);
  });
});

describe("error summaries and plurals", () => {
  it("the error summary names each field in the visitor's language", async () => {
    const campaign = await makePublishedCampaign(server.database.db, { titleEn: "Summary test", titleEs: "Prueba de resumen" });
    const response = await new Client(server.url, { "Accept-Language": "es" }).post(`/campaigns/${campaign.slug}/apply`, applicationForm({ name: "", state: "" }));
    expect(response.status).toBe(400);
    const summary = decode(/<div class="error-summary"[\s\S]*?<\/div>/.exec(await response.text())![0]);
    expect(summary).toContain(`<h2>${es.forms.errorSummary}</h2>`);
    expect(summary).toContain(`>${es.apply.name}: ${es.errors.required}</a>`);
    expect(summary).toMatch(new RegExp(`>${es.apply.state}: [^<]+</a>`));
  });

  it("plurals follow the count in both languages", () => {
    const t = { en: translator("en"), es: translator("es") };
    expect(t.es("staffCases.waitingDays", { count: 0 })).toBe("hoy");
    expect(t.es("staffCases.waitingDays", { count: 1 })).toBe("hace 1 día");
    expect(t.es("staffCases.waitingDays", { count: 3 })).toBe("hace 3 días");
    expect(t.en("staffCases.count", { count: 1 })).toBe("1 case");
    expect(t.es("staffCases.count", { count: 14 })).toBe("14 casos");
    expect(t.es("requests.allocatedQueue", { count: 1 })).toBe("Se financió 1 cuota.");
    expect(t.en("requests.allocatedQueue", { count: 2 })).toBe("2 fees funded.");
    expect(t.es("case.next.rejected", { count: 1 })).toContain("1 día después");
    expect(t.es("case.next.submitted", { count: 30 })).toBe(es.case.next.submitted);
    for (const text of flatten(en as unknown as Tree).concat(flatten(es as unknown as Tree))) expect(text[1]).not.toMatch(/\(s\)|\(es\)/);
  });
});
