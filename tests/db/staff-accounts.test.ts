import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "../../db/schema";
import { changeRole, createAdmin, inviteUser, setDisabled, UserError } from "../../app/modules/auth/users.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("staff accounts", () => {
  it("creates the first admin from the CLI, once per email", async () => {
    const admin = await createAdmin(database.db, { email: " First@Example.org " });
    expect(admin).toMatchObject({ email: "first@example.org", role: "admin", status: "active" });
    await expect(createAdmin(database.db, { email: "first@example.org" })).rejects.toThrow(UserError);
  });

  it("refuses to invite an address that already has an account, and writes nothing", async () => {
    const admin = await makeUser(database.db, { role: "admin" });
    const count = (await database.db.select().from(users)).length;
    await expect(inviteUser(database.db, { email: admin.email, role: "reviewer", locale: "en", actorUserId: admin.id })).rejects.toThrow(
      "errors.userExists",
    );
    expect((await database.db.select().from(users)).length).toBe(count);
  });

  it("never leaves the organization without an active admin", async () => {
    const fresh = await createTestDatabase();
    try {
      const only = await makeUser(fresh.db, { role: "admin" });
      const other = await makeUser(fresh.db, { role: "admin" });
      await setDisabled(fresh.db, { userId: other.id, disabled: true, actorUserId: only.id });
      const reviewer = await makeUser(fresh.db, { role: "reviewer" });
      await changeRole(fresh.db, { userId: reviewer.id, role: "admin", actorUserId: only.id });
      // Two active admins now: demoting one is fine, demoting the last is not.
      await changeRole(fresh.db, { userId: reviewer.id, role: "reviewer", actorUserId: only.id });
      await expect(changeRole(fresh.db, { userId: only.id, role: "reviewer", actorUserId: reviewer.id })).rejects.toThrow("errors.lastAdmin");
      await expect(setDisabled(fresh.db, { userId: only.id, disabled: true, actorUserId: reviewer.id })).rejects.toThrow("errors.lastAdmin");
    } finally {
      await fresh.close();
      // createTestDatabase installs the newest database as the app's; put the file's back.
      const { setDatabase } = await import("../../app/modules/db/index.server");
      setDatabase(database);
    }
  });

  it("does not let admins change their own role or access", async () => {
    const admin = await makeUser(database.db, { role: "admin" });
    await expect(setDisabled(database.db, { userId: admin.id, disabled: true, actorUserId: admin.id })).rejects.toThrow("errors.cannotChangeSelf");
    await expect(changeRole(database.db, { userId: admin.id, role: "reviewer", actorUserId: admin.id })).rejects.toThrow(
      "errors.cannotChangeSelf",
    );
  });

  it("audits invitations, role changes and disabling without personal data", async () => {
    const admin = await makeUser(database.db, { role: "admin" });
    const invited = await inviteUser(database.db, { email: "audit-me@example.org", role: "reviewer", locale: "en", actorUserId: admin.id });
    await changeRole(database.db, { userId: invited.id, role: "admin", actorUserId: admin.id });
    await setDisabled(database.db, { userId: invited.id, disabled: true, actorUserId: admin.id });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.subjectId, invited.id));
    expect(entries.map((e) => e.action)).toEqual(["user.invited", "user.role_changed", "user.disabled"]);
    expect(JSON.stringify(entries)).not.toContain("audit-me@example.org");
  });
});
