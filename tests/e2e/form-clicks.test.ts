/**
 * No swallowed clicks: on every form that can show a field error, in English and Spanish, a
 * person submits, sees an error, fixes the field and clicks the button at human speed (mouse
 * down, 120 ms, mouse up where the button was at mouse down). The click must submit.
 *
 * What is checked is the browser's side of the promise — the form is validated on submit, the
 * error goes away as the person types, nothing moves under the pointer, and the click sends the
 * fixed value — so most posts are recorded and then dropped: the server's answers to these forms
 * are tested elsewhere, and the shared demo data stays as it was for the next language. Rows with
 * `sees` let the post through and check what the person sees next (signed in, a link on its way,
 * a decision recorded, a password saved); they work on data of their own.
 */
import { eq } from "drizzle-orm";
import type { BrowserContext, Locator, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { createFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { sealIdentity } from "../../app/modules/applicants/identity.server";
import { campaigns, feeRequests } from "../../db/schema";
import { applicationForm, latestCaseLinkPath } from "../support/applicants";
import { waitForHydration } from "../support/browser";
import { fillTemplate, startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { makeUser } from "../support/factories";
import { makeHost } from "../support/fundraisers";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";

type T = typeof en;
/** "stranger": a visitor in a browser of their own, who may sign in without signing the shared visitor in. */
type Who = "visitor" | "stranger" | "applicant" | "admin" | "host";
type Language = "en" | "es";
const catalogues: Record<Language, T> = { en, es };

let suite: BrowserSuite;
const ids = { funded: "", campaign: "", hostEmail: "" };
beforeAll(async () => {
  suite = await startBrowserSuite((db) => seedDemo(db));
  const db = suite.database.db;
  ids.funded = (await db.select().from(feeRequests).where(eq(feeRequests.status, "funded")))[0]!.id;
  ids.campaign = (await db.select().from(campaigns).where(eq(campaigns.slug, "daca-renewals-2026")))[0]!.id;
  ids.hostEmail = (await makeHost(db, "Panadería Prueba", { password })).email;
});
afterAll(() => suite?.stop());

type FormCase = {
  name: string;
  who: Who;
  path: () => string | Promise<string>;
  button: (t: T) => string;
  /** Fills the rest of the form with valid values. */
  fill?: (form: Locator, t: T) => Promise<void>;
  /** The field the person gets wrong, what they type first, and what they fix it to. */
  field: (t: T) => string;
  bad: string;
  good: string;
  /** What the person sees once the fixed form went through; rows without it have their post dropped. */
  sees?: (page: Page, t: T) => Promise<void>;
};

const label = (form: Locator, text: string) => form.getByLabel(text, { exact: true });
const password = "a long and private passphrase";

/** Waits until the page shows `text`. */
const shows = (page: Page, text: string) => expect.poll(() => page.getByText(text, { exact: true }).isVisible(), { timeout: 5_000 }).toBe(true);

/** A case of its own for each row that decides one: a decided case cannot be decided again. */
let lastCase = { id: "", reference: "" };
async function newCase() {
  const db = suite.database.db;
  lastCase = await createFeeRequest(db, { campaignId: ids.campaign, filingMethod: "online", dacaExpiresOn: "2027-03-01", state: "NM", language: "es" });
  await sealIdentity(db, { feeRequestId: lastCase.id, name: "Zenaida Quetzal", email: `zenaida.${lastCase.reference}@example.org`, note: null });
  return `/staff/cases/${lastCase.id}`;
}
const showsFlash = (key: "info_requested" | "rejected") => (page: Page, t: T) => shows(page, fillTemplate(t.staffCases.flash[key], { reference: lastCase.reference }));

const forms: FormCase[] = [
  {
    name: "donate",
    who: "visitor",
    path: () => "/campaigns/renewal-drive-495",
    button: (t) => t.donate.submit,
    fill: (form, t) => label(form, t.donate.email).fill("vecina@example.org"),
    field: (t) => t.donate.otherAmount,
    bad: "4",
    good: "50,00",
  },
  {
    name: "apply",
    who: "visitor",
    path: () => "/campaigns/daca-renewals-2026/apply",
    button: (t) => t.apply.submit,
    fill: async (form, t) => {
      await label(form, t.apply.email).fill(`form-clicks-${Date.now()}@example.net`);
      await label(form, t.apply.state).selectOption("CA");
      await label(form, t.apply.expires).fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
      await form.locator('input[name="filingMethod"][value="online"]').check();
      await form.locator('input[name="consent"]').check();
    },
    field: (t) => t.apply.name,
    bad: "",
    good: "Ana",
  },
  { name: "new case link", who: "visitor", path: () => "/case/resend", button: (t) => t.case.resendSend, field: (t) => t.apply.email, bad: "ana@", good: "ana@example.org" },
  { name: "donor's link", who: "visitor", path: () => "/donor/manage", button: (t) => t.donorManage.send, field: (t) => t.donate.email, bad: "ana@", good: "ana@example.org" },
  {
    name: "sign-in link",
    who: "visitor",
    path: () => "/sign-in",
    button: (t) => t.signIn.sendLink,
    field: (t) => t.fields.email,
    bad: "",
    good: "someone@example.org",
    sees: (page, t) => shows(page, t.signIn.sent),
  },
  {
    name: "sign-in with password",
    who: "stranger",
    path: () => "/sign-in",
    button: (t) => t.signIn.withPassword,
    fill: (form, t) => label(form, t.fields.email).fill(ids.hostEmail),
    field: (t) => t.fields.password,
    bad: "",
    good: password,
    sees: (page, t) => shows(page, fillTemplate(t.host.home.title, { business: "Panadería Prueba" })),
  },
  {
    name: "host sign-up",
    who: "visitor",
    path: () => "/host",
    button: (t) => t.host.signUp.submit,
    fill: async (form, t) => {
      await label(form, t.host.fields.businessName).fill("Café La Esquina");
      await label(form, t.host.fields.contactName).fill("Rosa");
    },
    field: (t) => t.fields.email,
    bad: "cafe@",
    good: "cafe@example.org",
  },
  {
    name: "applicant's contact details",
    who: "applicant",
    path: () => "/case/contact",
    button: (t) => t.case.contactSave,
    field: (t) => t.apply.name,
    bad: "",
    good: "Ana María",
  },
  {
    name: "ask for information",
    who: "admin",
    path: newCase,
    button: (t) => t.staffCases.askInfo,
    field: (t) => t.staffCases.infoMessage,
    bad: "",
    good: "Please send a copy of your current EAD.",
    sees: showsFlash("info_requested"),
  },
  {
    name: "reject a case",
    who: "admin",
    path: newCase,
    button: (t) => t.staffCases.reject,
    field: (t) => t.staffCases.rejectReason,
    bad: "",
    good: "Not eligible for this campaign.",
    sees: showsFlash("rejected"),
  },
  {
    name: "USCIS payment",
    who: "admin",
    path: () => `/staff/requests/${ids.funded}/pay`,
    button: (t) => t.requests.savePayment,
    fill: async (form, t) => {
      await label(form, t.requests.method).selectOption("paygov_online");
      await label(form, t.requests.paymentReference).fill("PAYGOV-1");
      await form.getByLabel(t.fields.form, { exact: true }).first().fill("I-821D/I-765");
    },
    field: (t) => t.fields.amountDollars,
    bad: "4,95.5",
    good: "555",
  },
  { name: "organization settings", who: "admin", path: () => "/staff/settings", button: (t) => t.common.save, field: (t) => t.fields.organizationName, bad: "", good: "Fondo Comunitario" },
  { name: "invite staff", who: "admin", path: () => "/staff/users", button: (t) => t.staff.users.invite, field: (t) => t.fields.email, bad: "new@", good: "new.reviewer@example.org" },
  {
    name: "offline gift",
    who: "admin",
    path: () => `/staff/campaigns/${ids.campaign}/donations`,
    button: (t) => t.donations.recordOffline,
    fill: async (form, t) => void (await label(form, t.donations.method).selectOption("check")),
    field: (t) => t.fields.amountDollars,
    bad: "1,234,56",
    good: "1.234,56",
  },
  {
    name: "transfer between campaigns",
    who: "admin",
    path: () => `/staff/campaigns/${ids.campaign}/ledger`,
    button: (t) => t.ledger.transfer,
    fill: async (form, t) => {
      await label(form, t.ledger.transferTo).selectOption({ index: 1 });
      await label(form, t.ledger.reason).fill("Balance the pools");
    },
    field: (t) => t.fields.amountDollars,
    bad: "diez",
    good: "10",
  },
  {
    name: "fee schedule",
    who: "admin",
    path: () => "/staff/fee-schedules",
    button: (t) => t.staff.fees.add,
    fill: async (form, t) => {
      await label(form, t.fields.nameEn).fill("Renewal 2027");
      await label(form, t.fields.nameEs).fill("Renovación 2027");
      await label(form, t.fields.effectiveFrom).fill("2027-01-01");
      for (const [i, [code, english, spanish]] of [["I-821D", "Request", "Solicitud"], ["I-765", "Work permit", "Permiso de trabajo"]].entries()) {
        await label(form, t.fields.form).nth(i).fill(code!);
        await label(form, t.fields.labelEn).nth(i).fill(english!);
        await label(form, t.fields.labelEs).nth(i).fill(spanish!);
      }
      await label(form, t.fields.amountDollars).nth(1).fill("470");
    },
    field: (t) => t.fields.amountDollars,
    bad: "",
    good: "85,00",
  },
  {
    name: "staff password",
    who: "admin",
    path: () => "/staff/account",
    button: (t) => t.staff.account.savePassword,
    fill: async (form, t) => {
      await label(form, t.staff.account.currentPassword).fill(password);
      await label(form, t.fields.newPassword).fill("a brand new long passphrase");
    },
    field: (t) => t.fields.confirmPassword,
    bad: "a different passphrase",
    good: "a brand new long passphrase",
    sees: (page, t) => shows(page, t.staff.account.passwordSet),
  },
  { name: "host profile", who: "host", path: () => "/host/profile", button: (t) => t.common.save, field: (t) => t.host.fields.contactName, bad: "", good: "Rosa" },
];

// ---------------------------------------------------------------------------------------------

async function signIn(page: Page, role: "admin" | "host") {
  const user = role === "admin" ? await makeUser(suite.database.db, { role, password, totp: true }) : await makeHost(suite.database.db, "Café Prueba", { password });
  await page.goto("/sign-in?lng=en");
  const passwordForm = page.getByRole("region", { name: en.signIn.passwordHeading });
  await passwordForm.getByLabel(en.fields.email, { exact: true }).fill(user.email);
  await passwordForm.getByLabel(en.fields.password, { exact: true }).fill(password);
  await passwordForm.getByRole("button", { name: en.signIn.withPassword }).click();
  if (role === "host") return page.waitForURL(/\/host$/);
  await page.waitForURL("**/sign-in/two-factor");
  const secret = "totpSecret" in user ? user.totpSecret! : "";
  await page.getByLabel(en.twoFactor.code, { exact: true }).fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
  await page.getByRole("button", { name: en.twoFactor.verify }).click();
  await page.waitForURL(/\/staff$/);
}

/** Applies over HTTP as a visitor would, then opens the emailed case link in this browser. */
async function openCase(page: Page, t: T) {
  const fields = applicationForm();
  const response = await fetch(`${suite.baseUrl}/campaigns/daca-renewals-2026/apply`, {
    method: "POST",
    headers: { Origin: suite.baseUrl, "Sec-Fetch-Site": "same-origin" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  await page.goto(await latestCaseLinkPath(suite.database.db, fields.email!));
  await page.getByRole("button", { name: t.case.openButton }).click();
  await page.waitForURL(/\/case$/);
}

const newContext = (language: Language) =>
  suite.browser.newContext({ baseURL: suite.baseUrl, locale: language === "es" ? "es-US" : "en-US", viewport: { width: 1280, height: 900 } });

const contexts = new Map<string, Promise<BrowserContext>>();
function contextFor(who: Exclude<Who, "stranger">, language: Language): Promise<BrowserContext> {
  const key = `${who}:${language}`;
  if (!contexts.has(key))
    contexts.set(
      key,
      (async () => {
        const context = await newContext(language);
        const page = await context.newPage();
        if (who === "admin" || who === "host") await signIn(page, who);
        if (who === "applicant") await openCase(page, catalogues[language]);
        await page.close();
        return context;
      })(),
    );
  return contexts.get(key)!;
}
afterAll(async () => {
  for (const context of contexts.values()) await (await context).close();
});

/** A person's click: press, hold 120 ms, release where the button was when they pressed. */
async function humanClick(page: Page, button: Locator) {
  await button.scrollIntoViewIfNeeded();
  const box = (await button.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.waitForTimeout(120);
  await page.mouse.up();
}

const sent = (request: Request, value: string) => {
  const body = request.postData() ?? "";
  return body.includes(value) || [...new URLSearchParams(body).values()].includes(value);
};

describe.each(["es", "en"] as const)("in %s, after a field error, fixing it and clicking submits", (language) => {
  const t = catalogues[language];
  test.each(forms.map((f) => [f.name, f] as const))("%s", async (_name, f) => {
    const context = f.who === "stranger" ? await newContext(language) : await contextFor(f.who, language);
    const page = await context.newPage();
    try {
      const posts: Request[] = [];
      await page.route("**/*", (route) => {
        if (route.request().method() !== "POST") return route.fallback();
        posts.push(route.request());
        return f.sees ? route.fallback() : route.abort();
      });
      await page.goto(`${await f.path()}?lng=${language}`);
      await waitForHydration(page);
      const button = page.getByRole("button", { name: f.button(t), exact: true });
      const form = page.locator("form").filter({ has: button });
      await f.fill?.(form, t);
      const field = label(form, f.field(t)).first();
      await field.fill(f.bad);

      await humanClick(page, button);
      // Checked in the browser: nothing was sent, the field says what is wrong.
      await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
      expect(posts).toHaveLength(0);

      // Fixing the field clears its error as the person types (focus stays in the field).
      await field.click();
      await field.fill(f.good);
      await expect.poll(() => field.getAttribute("aria-invalid")).toBeNull();
      await humanClick(page, button);
      await expect.poll(() => posts.length, { timeout: 5_000 }).toBe(1);
      expect(sent(posts[0]!, f.good), `${f.name} sends ${f.good}`).toBe(true);
      await f.sees?.(page, t);
    } finally {
      await page.close();
      if (f.who === "stranger") await context.close();
    }
  });
});
