import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, signInTokens, users } from "../../db/schema";
import { consumeSignInLink, requestSignInLink } from "../../app/modules/auth/sign-in-links.server";
import { inviteUser } from "../../app/modules/auth/users.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function lastLinkTo(email: string): Promise<string> {
  const rows = await database.db.select().from(outbox).where(eq(outbox.toAddress, email));
  const url = new URL(String(rows.at(-1)!.props.url));
  return url.searchParams.get("token")!;
}

describe("emailed sign-in links", () => {
  it("signs in once: a second use of the same link fails", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    await requestSignInLink(database.db, { email: user.email.toUpperCase(), locale: "es" });
    const token = await lastLinkTo(user.email);
    const [stored] = await database.db.select().from(signInTokens).where(eq(signInTokens.userId, user.id));
    expect(stored!.tokenHash).not.toBe(token);
    expect((await consumeSignInLink(database.db, token))?.id).toBe(user.id);
    expect(await consumeSignInLink(database.db, token)).toBeNull();
  });

  it("writes the email in the language of the request", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    await requestSignInLink(database.db, { email: user.email, locale: "es" });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.toAddress, user.email));
    expect(row).toMatchObject({ template: "sign-in-link", locale: "es" });
  });

  it("expires after 15 minutes", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    await requestSignInLink(database.db, { email: user.email, locale: "en" });
    const token = await lastLinkTo(user.email);
    expect(await consumeSignInLink(database.db, token, new Date(Date.now() + 16 * 60_000))).toBeNull();
  });

  it("sends nothing for unknown or disabled accounts", async () => {
    const before = (await database.db.select().from(outbox)).length;
    await requestSignInLink(database.db, { email: "nobody@example.org", locale: "en" });
    const disabled = await makeUser(database.db, { role: "reviewer" });
    await database.db.update(users).set({ status: "disabled" }).where(eq(users.id, disabled.id));
    await requestSignInLink(database.db, { email: disabled.email, locale: "en" });
    expect((await database.db.select().from(outbox)).length).toBe(before);
  });

  it("activates an invited account when its invitation is used", async () => {
    const admin = await makeUser(database.db, { role: "admin" });
    const invited = await inviteUser(database.db, { email: "New.Reviewer@Example.org", role: "reviewer", locale: "es", actorUserId: admin.id });
    expect(invited).toMatchObject({ status: "invited", email: "new.reviewer@example.org" });
    const [email] = await database.db.select().from(outbox).where(eq(outbox.toAddress, invited.email));
    expect(email).toMatchObject({ template: "staff-invite", locale: "es" });
    const user = await consumeSignInLink(database.db, await lastLinkTo(invited.email));
    expect(user).toMatchObject({ id: invited.id, status: "active" });
  });

  it("lets only one of two simultaneous clicks through", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    await requestSignInLink(database.db, { email: user.email, locale: "en" });
    const token = await lastLinkTo(user.email);
    const results = await Promise.all([consumeSignInLink(database.db, token), consumeSignInLink(database.db, token)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
