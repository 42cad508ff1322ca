import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { outbox } from "../../db/schema";
import { emailTemplates } from "../../emails";
import { enqueueEmail } from "../../app/modules/email/outbox.server";
import { sendPendingEmails, sendQueuedEmails, type SendOptions } from "../../app/modules/email/sender.server";
import { startWorker } from "../../server/worker";
import { startFakeResend, type FakeResend } from "../../server/fakes/resend";
import { createTestDatabase, type TestDatabase } from "../support/db";

const FROM = "Fondo <fondo@example.org>";

let database: TestDatabase;
let resend: FakeResend;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  resend = await startFakeResend();
});
afterEach(() => resend.stop());

let counter = 0;
async function queueSignInLink(locale: "en" | "es" = "en"): Promise<{ id: string; to: string }> {
  const to = `person${++counter}@example.net`;
  const id = await enqueueEmail(database.db, {
    template: "sign-in-link",
    to,
    locale,
    props: { url: `http://localhost:3000/sign-in/verify?token=t${counter}`, organizationName: "Fondo Comunitario", minutes: 15 },
  });
  return { id: id!, to };
}

/**
 * A moment just after the rows queued so far became due: the database stamps them with
 * microseconds, a JavaScript Date only has milliseconds.
 */
function justAfter(): Date {
  return new Date(Date.now() + 1_000);
}

function send(options: Partial<SendOptions> = {}) {
  return sendPendingEmails(database.db, {
    resend: { apiKey: "re_test_key", from: FROM, baseUrl: resend.url },
    now: justAfter(),
    ...options,
  });
}

async function row(id: string) {
  const [found] = await database.db.select().from(outbox).where(eq(outbox.id, id));
  return found!;
}

const seconds = (from: Date, s: number) => new Date(from.getTime() + s * 1000);

describe("sending the outbox through Resend", () => {
  it("sends a queued email once, with its subject, sender and recipient, and marks it sent", async () => {
    const { id, to } = await queueSignInLink();
    const now = justAfter();

    expect(await send({ now })).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await send({ now: seconds(now, 3600) })).toEqual({ sent: 0, failed: 0, retried: 0 });

    expect(resend.requests).toBe(1);
    expect(resend.emails).toHaveLength(1);
    const [email] = resend.emails;
    expect(email).toMatchObject({ from: FROM, to: [to], subject: "Your sign-in link for Fondo Comunitario" });
    expect(email!.html).toContain("token=t");
    expect(email!.text).toContain("token=t");
    const sent = await row(id);
    expect(email!.idempotencyKey).toBe(sent.idempotencyKey);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null, sentAt: now });
    expect(sent.props).toMatchObject({ organizationName: "Fondo Comunitario" });
  });

  it("retries server errors with growing delays, then sends exactly once", async () => {
    const { id } = await queueSignInLink();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    resend.failNext(2, 500);
    const t0 = justAfter();

    expect(await send({ now: t0 })).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 1, lastError: "500 internal_server_error", nextAttemptAt: seconds(t0, 30) });
    expect(await send({ now: seconds(t0, 29) })).toEqual({ sent: 0, failed: 0, retried: 0 });

    expect(await send({ now: seconds(t0, 30) })).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect(await row(id)).toMatchObject({ attempts: 2, nextAttemptAt: seconds(t0, 90) });

    expect(await send({ now: seconds(t0, 90) })).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(resend.requests).toBe(3);
    expect(resend.emails).toHaveLength(1);
  });

  it("retries rate limits and unreachable servers, and gives up after the last attempt", async () => {
    const { id } = await queueSignInLink();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t0 = justAfter();
    resend.failNext(1, 429);
    expect(await send({ now: t0, maxAttempts: 3 })).toMatchObject({ retried: 1 });
    expect(await row(id)).toMatchObject({ lastError: "429 rate_limit_exceeded" });

    const unreachable = { apiKey: "re_test_key", from: FROM, baseUrl: "http://127.0.0.1:9" };
    expect(await send({ now: seconds(t0, 30), maxAttempts: 3, resend: unreachable })).toMatchObject({ retried: 1 });
    expect(await send({ now: seconds(t0, 90), maxAttempts: 3, resend: unreachable })).toMatchObject({ failed: 1 });
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 3, lastError: "no_response application_error" });
    expect(await send({ now: seconds(t0, 86_400) })).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it("fails a rejected email at once, and logs no address", async () => {
    const { id, to } = await queueSignInLink();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    resend.failNext(1, 422);

    expect(await send()).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 1, lastError: "422 validation_error", sentAt: null });
    expect(await send({ now: seconds(justAfter(), 86_400) })).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(resend.requests).toBe(1);

    const logged = warn.mock.calls.flat().join("\n");
    expect(logged).toContain(id);
    expect(logged).not.toContain(to);
    expect(logged).not.toContain("token=");
  });

  it("delivers once when the process died after sending but before marking the row sent", async () => {
    const { id } = await queueSignInLink("es");
    expect(await send()).toMatchObject({ sent: 1 });
    // What the database holds if the process had died right after Resend accepted the email.
    await database.db.update(outbox).set({ status: "pending", sentAt: null }).where(eq(outbox.id, id));

    expect(await send({ now: seconds(justAfter(), 120) })).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(resend.requests).toBe(2);
    expect(resend.emails).toHaveLength(1);
    expect(resend.emails[0]!.idempotencyKey).toBe((await row(id)).idempotencyKey);
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("leaves a claimed email alone until its lease runs out", async () => {
    const { id } = await queueSignInLink();
    const t0 = justAfter();
    // A lease taken by a worker that then died: attempts bumped, due again two minutes later.
    await database.db.update(outbox).set({ attempts: 1, nextAttemptAt: seconds(t0, 120) }).where(eq(outbox.id, id));

    expect(await send({ now: seconds(t0, 119) })).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(await send({ now: seconds(t0, 120) })).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("sends each email once when several workers run at the same time", async () => {
    const queued = await Promise.all(Array.from({ length: 12 }, () => queueSignInLink()));
    const now = justAfter();

    const runs = await Promise.all(Array.from({ length: 4 }, () => send({ now, limit: 4 })));
    let sent = runs.reduce((total, run) => total + run.sent, 0);
    while (sent < queued.length) {
      const more = await send({ now, limit: 4 });
      if (more.sent === 0) break;
      sent += more.sent;
    }

    expect(sent).toBe(queued.length);
    expect(resend.requests).toBe(queued.length);
    expect(resend.emails.map((e) => e.to[0]).sort()).toEqual(queued.map((q) => q.to).sort());
    const rows = await database.db.select().from(outbox).where(inArray(outbox.id, queued.map((q) => q.id)));
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("erases the body of an email to an applicant once it is sent", async () => {
    // No applicant template exists yet: borrow one under an applicant- name for this test.
    const templates: Record<string, unknown> = emailTemplates;
    templates["applicant-test"] = emailTemplates["sign-in-link"];
    try {
      const { id } = await queueSignInLink();
      await database.db.update(outbox).set({ template: "applicant-test" }).where(eq(outbox.id, id));
      expect(await send()).toMatchObject({ sent: 1 });
      expect(await row(id)).toMatchObject({ status: "sent", props: {} });
    } finally {
      delete templates["applicant-test"];
    }
  });

  it("the worker's job sends with the configured Resend settings", async () => {
    const { id } = await queueSignInLink();
    await sendQueuedEmails(database.db, { apiKey: "re_test_key", from: FROM, baseUrl: resend.url });
    expect(resend.emails).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "sent" });
  });

  it("leaves emails in the outbox when no Resend key is configured", async () => {
    vi.stubEnv("RESEND_API_KEY", "");
    vi.stubEnv("RESEND_BASE_URL", resend.url);
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const { id } = await queueSignInLink();
      const worker = startWorker(database);
      vi.advanceTimersByTime(5_000);
      await worker.stop();

      expect(resend.requests).toBe(0);
      expect(await row(id)).toMatchObject({ status: "pending", attempts: 0, sentAt: null });
    } finally {
      vi.useRealTimers();
      vi.unstubAllEnvs();
    }
  });
});
