import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "../../db/schema";
import {
  createSession,
  invalidateSession,
  validateSession,
} from "../../app/modules/auth/sessions.server";
import { setDisabled } from "../../app/modules/auth/users.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const minutes = (n: number) => n * 60_000;

describe("staff sessions", () => {
  it("stores only a hash of the token and accepts the token itself", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    const { token } = await createSession(database.db, { userId: user.id, role: "reviewer", twoFactorVerified: true });
    const [id, secret] = token.split(".");
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id!));
    expect(row!.secretHash).not.toContain(secret!);
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await validateSession(database.db, token))?.user.id).toBe(user.id);
    expect(await validateSession(database.db, `${id}.${"a".repeat(secret!.length)}`)).toBeNull();
    expect(await validateSession(database.db, "nonsense")).toBeNull();
  });

  it("ends a staff session after 30 idle minutes, and slides while in use", async () => {
    const user = await makeUser(database.db, { role: "admin" });
    const start = new Date("2026-01-01T10:00:00Z");
    const { token } = await createSession(database.db, { userId: user.id, role: "admin", twoFactorVerified: true, now: start });
    const at25 = new Date(start.getTime() + minutes(25));
    expect(await validateSession(database.db, token, at25)).not.toBeNull();
    // Used at minute 25, so still valid at minute 50 (25 idle minutes)...
    expect(await validateSession(database.db, token, new Date(start.getTime() + minutes(50)))).not.toBeNull();
    // ...but not after 31 idle minutes.
    expect(await validateSession(database.db, token, new Date(start.getTime() + minutes(81)))).toBeNull();
  });

  it("ends a staff session 12 hours after sign-in however active it is", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    const start = new Date("2026-01-01T08:00:00Z");
    const { token } = await createSession(database.db, { userId: user.id, role: "reviewer", twoFactorVerified: true, now: start });
    let now = start.getTime();
    while (now < start.getTime() + minutes(12 * 60 - 20)) {
      now += minutes(20);
      expect(await validateSession(database.db, token, new Date(now))).not.toBeNull();
    }
    expect(await validateSession(database.db, token, new Date(start.getTime() + minutes(12 * 60 + 1)))).toBeNull();
  });

  it("gives hosts a longer session than staff", async () => {
    const host = await makeUser(database.db, { role: "host" });
    const start = new Date("2026-01-01T08:00:00Z");
    const { token } = await createSession(database.db, { userId: host.id, role: "host", twoFactorVerified: true, now: start });
    expect(await validateSession(database.db, token, new Date(start.getTime() + minutes(24 * 60)))).not.toBeNull();
  });

  it("stops working at once when the account is disabled, and when signed out", async () => {
    const admin = await makeUser(database.db, { role: "admin" });
    const reviewer = await makeUser(database.db, { role: "reviewer" });
    const first = await createSession(database.db, { userId: reviewer.id, role: "reviewer", twoFactorVerified: true });
    const second = await createSession(database.db, { userId: reviewer.id, role: "reviewer", twoFactorVerified: true });
    await setDisabled(database.db, { userId: reviewer.id, disabled: true, actorUserId: admin.id });
    expect(await validateSession(database.db, first.token)).toBeNull();
    expect(await validateSession(database.db, second.token)).toBeNull();
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, reviewer.id))).toHaveLength(0);

    const other = await createSession(database.db, { userId: admin.id, role: "admin", twoFactorVerified: true });
    await invalidateSession(database.db, other.token.split(".")[0]!);
    expect(await validateSession(database.db, other.token)).toBeNull();
  });

  it("refuses a session whose account was disabled directly in the database", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    const { token } = await createSession(database.db, { userId: user.id, role: "reviewer", twoFactorVerified: true });
    await database.db.update(users).set({ status: "disabled" }).where(eq(users.id, user.id));
    expect(await validateSession(database.db, token)).toBeNull();
  });
});
