import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { caseLinks, emailRequests, outbox, signInTokens } from "../../db/schema";
import { processLinkRequests, queueLinkRequest } from "../../app/modules/link-requests/link-requests.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

/** Row counts of every table a link request could touch. */
async function footprint() {
  const db = database.db;
  return {
    requests: (await db.select().from(emailRequests)).length,
    outbox: (await db.select().from(outbox)).length,
    tokens: (await db.select().from(signInTokens)).length,
    caseLinks: (await db.select().from(caseLinks)).length,
  };
}

describe("'email me a link' requests", () => {
  it("cost the same for a known and an unknown address: one encrypted row each, nothing else", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    const start = await footprint();
    await queueLinkRequest(database.db, { kind: "sign-in-link", email: user.email, locale: "es" });
    const afterKnown = await footprint();
    await queueLinkRequest(database.db, { kind: "sign-in-link", email: "nobody@example.org", locale: "es" });
    const afterUnknown = await footprint();
    expect(afterKnown).toEqual({ ...start, requests: start.requests + 1 });
    expect(afterUnknown).toEqual({ ...afterKnown, requests: afterKnown.requests + 1 });
    const rows = await database.db.select().from(emailRequests);
    expect(JSON.stringify(rows)).not.toContain(user.email);
    expect(JSON.stringify(rows)).not.toContain("nobody@example.org");

    // The worker writes to the known address only, and keeps no request.
    expect(await processLinkRequests(database.db)).toBe(2);
    const emails = await database.db.select().from(outbox);
    expect(emails.filter((e) => e.toAddress === user.email).map((e) => [e.template, e.locale])).toEqual([["sign-in-link", "es"]]);
    expect(emails.some((e) => e.toAddress === "nobody@example.org")).toBe(false);
    expect(await database.db.select().from(emailRequests)).toHaveLength(0);
  });

  it("drops a request that cannot be read, naming it by id only, and goes on with the others", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    await queueLinkRequest(database.db, { kind: "sign-in-link", email: "tampered@example.org", locale: "en" });
    await database.db.update(emailRequests).set({ emailSealed: "1.AAAA.AAAA" });
    await queueLinkRequest(database.db, { kind: "sign-in-link", email: user.email, locale: "en" });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await processLinkRequests(database.db)).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).not.toContain("@");
    expect((await database.db.select().from(outbox)).some((e) => e.toAddress === user.email)).toBe(true);
    expect(await database.db.select().from(emailRequests)).toHaveLength(0);
  });
});
