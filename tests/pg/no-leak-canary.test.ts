/**
 * The canary: an applicant with unmistakable personal data goes through the whole journey on the
 * real server process (its own stdout and stderr captured, request logging on), against real
 * PostgreSQL, with emails delivered through the fake Resend. Afterwards neither a full pg_dump of
 * the database nor anything the server printed may contain any of it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, feeRequests, organization, outbox, users } from "../../db/schema";
import { readIdentity } from "../../app/modules/applicants/identity.server";
import { demoStaff } from "../../app/modules/seed/demo-content";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { startFakeResend, type FakeResend } from "../../server/fakes/resend";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { withDatabase } from "../support/global-setup";
import { Client } from "../support/server";

const root = path.resolve(__dirname, "../..");
const canary = {
  name: "Xochiquetzal Canarywren",
  email: "Canary.Zq7Wren@Example.NET",
  note: "CANARYNOTE lives near Quillberry Lane",
  aNumber: "A087654321",
};
// Each value, the email's local part, and the A-number's digits alone.
const needles = [canary.name, "Xochiquetzal", "Canarywren", canary.email, "canary.zq7wren", canary.note, "Quillberry", canary.aNumber, "087654321"];

let database: TestDatabase;
let child: ChildProcess;
let fakeResend: FakeResend;
let baseUrl: string;
let output = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- server output ---\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  database = await createTestDatabase({ real: true });
  await seedDemo(database.db);
  await database.db.update(organization).set({ collectANumber: true });
  fakeResend = await startFakeResend();
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  child = spawn(process.execPath, [path.join(root, "build/server/server.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "development",
      DATABASE_URL: withDatabase(process.env.TEST_DATABASE_URL!, database.name),
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: baseUrl,
      TRUST_PROXY: "1",
      LOG_REQUESTS: "1",
      SESSION_SECRET: process.env.SESSION_SECRET,
      DATA_ENCRYPTION_KEYS: process.env.DATA_ENCRYPTION_KEYS,
      BLIND_INDEX_KEY: process.env.BLIND_INDEX_KEY,
      RESEND_API_KEY: "re_canary_test",
      EMAIL_FROM: "Fondo <fondo@example.org>",
      RESEND_BASE_URL: fakeResend.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await until("the server to listen", async () => output.includes("Fondo is listening"));
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  await fakeResend?.stop();
  await database?.close();
});

const emailsTo = (address: string) => fakeResend.emails.filter((e) => e.to.some((to) => to.toLowerCase() === address.toLowerCase()));
const linkIn = (text: string) => /\/case\/([a-z2-7]{16,64})/.exec(text)?.[0] ?? null;

describe("no applicant data leaks", () => {
  it("after the whole journey, neither a pg_dump nor the server's output holds any of the applicant's data", async () => {
    const db = database.db;
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));

    // 1. Apply through the HTTP form, in Spanish.
    const applicant = new Client(baseUrl, { "Accept-Language": "es" });
    expect((await applicant.get(`/campaigns/${campaign!.slug}/apply`)).status).toBe(200);
    const expires = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const applied = await applicant.post(`/campaigns/${campaign!.slug}/apply`, {
      name: canary.name,
      email: canary.email,
      language: "es",
      state: "NM",
      dacaExpiresOn: expires,
      filingMethod: "online",
      note: canary.note,
      aNumber: canary.aNumber,
      consent: "on",
      website: "",
    });
    expect(applied.status, await applied.clone().text()).toBeLessThan(400);
    const [request] = await db.select().from(feeRequests).where(eq(feeRequests.dacaExpiresOn, expires));
    expect(request).toBeDefined();
    // Everything was collected (the A-number included), encrypted.
    expect(await readIdentity(db, request!.id)).toMatchObject({ name: canary.name, email: canary.email.toLowerCase(), note: canary.note, aNumber: canary.aNumber });

    // 2. The emailed link opens the case page.
    const received = await until("the first email", async () => emailsTo(canary.email)[0]);
    const link = linkIn(received.text ?? received.html ?? "")!;
    expect(link).not.toBeNull();
    expect((await applicant.post(link, {})).status).toBe(303);
    const casePage = await applicant.get("/case");
    expect(casePage.status).toBe(200);
    expect(await casePage.text()).toContain(request!.reference);

    // 3. Staff view it (audited) and approve it.
    const staff = new Client(baseUrl);
    const signIn = await staff.post("/sign-in", { intent: "password", email: demoStaff.reviewer.email, password: demoStaff.reviewer.password });
    expect(signIn.status).toBe(303);
    const code = generateTOTP(decodeBase32IgnorePadding(demoStaff.reviewerTotpSecret), 30, 6);
    expect((await staff.post("/sign-in/two-factor", { code })).status).toBe(303);
    expect(await (await staff.post(`/staff/cases/${request!.id}`, { intent: "reveal", reason: "review" })).text()).toContain(canary.name);
    expect((await staff.post(`/staff/cases/${request!.id}`, { intent: "approve" })).status).toBe(302);

    // 4. A donation through the demo checkout funds it through automatic allocation.
    const donor = new Client(baseUrl, { "Accept-Language": "es" });
    const give = await donor.post(`/campaigns/${campaign!.slug}`, { intent: "donate", amount: "full", frequency: "one_time", email: "donor.canary@example.org" });
    expect(give.status).toBe(303);
    const checkout = new URL(give.headers.get("location")!, baseUrl).pathname;
    expect((await donor.post(checkout, {})).status).toBeLessThan(400);
    await until("the case to be funded", async () => (await db.select().from(feeRequests).where(eq(feeRequests.id, request!.id)))[0]!.status === "funded");

    // 5. Staff record the payment to USCIS; the applicant sees it.
    const paid = await staff.post(`/staff/requests/${request!.id}/pay`, {
      method: "paygov_online",
      paidOn: new Date().toISOString().slice(0, 10),
      reference: "PAYGOV-CANARY-1",
      "lines[0].form": "I-821D/I-765",
      "lines[0].amount": "495",
    });
    expect(paid.status).toBe(302);
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, request!.id)))[0]!.status).toBe("paid");
    expect((await applicant.get("/case")).status).toBe(200);

    // Every email to the applicant was delivered through (fake) Resend, and none is left waiting.
    await until("the emails to be sent", async () => {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(and(eq(outbox.sealed, true), eq(outbox.status, "pending")));
      return Number(row!.n) === 0 && emailsTo(canary.email).length >= 4;
    });
    const events = emailsTo(canary.email).map((e) => e.subject);
    for (const subject of events) for (const word of ["DACA", "USCIS", "inmigra", "immigra"]) expect(subject.toLowerCase()).not.toContain(word.toLowerCase());

    // The dump and the output are real and searchable: they hold the case's reference and our requests.
    const dump = spawnSync("pg_dump", ["--no-owner", withDatabase(process.env.TEST_DATABASE_URL!, database.name)], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toContain(request!.reference);
    expect(dump.stdout).toContain("case.viewed");
    expect(output).toMatch(/POST \/campaigns\/renewal-drive-495\/apply/);
    const staffEmail = (await db.select().from(users).where(eq(users.email, demoStaff.reviewer.email)))[0]!.email;
    expect(dump.stdout).toContain(staffEmail);

    const dumpLower = dump.stdout.toLowerCase();
    const outputLower = output.toLowerCase();
    for (const needle of needles) {
      expect(dumpLower.includes(needle.toLowerCase()), `pg_dump contains "${needle}"`).toBe(false);
      expect(outputLower.includes(needle.toLowerCase()), `server output contains "${needle}"`).toBe(false);
    }
    // Nor the private link that opens the case.
    expect(output).not.toContain(link.slice("/case/".length));
    expect(output).toContain("/case/:token");
  }, 240_000);
});
