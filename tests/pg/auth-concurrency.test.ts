import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { connectPostgres, type Database } from "../../app/modules/db/connect.server";
import { consumeSignInLink, requestSignInLink } from "../../app/modules/auth/sign-in-links.server";
import { consumeRateLimit } from "../../app/modules/rate-limit/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";

// Real PostgreSQL only: several separate connections, as several app processes would have.
let database: TestDatabase;
let connections: Database[];
beforeAll(async () => {
  database = await createTestDatabase({ real: true });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database.name}`;
  connections = Array.from({ length: 4 }, () => connectPostgres(url.toString(), { max: 4 }));
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await database.close();
});

describe("limits and single-use links hold across processes", () => {
  it("a rate limit counts every attempt made at once from 4 connections", async () => {
    const rule = { name: "pg-burst", limit: 10, windowSeconds: 60 };
    const now = new Date("2026-04-01T12:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 48 }, (_, i) => consumeRateLimit(connections[i % 4]!.db, rule, "198.51.100.7", now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it("an emailed link clicked 16 times at once from 4 connections signs in exactly once", async () => {
    const user = await makeUser(database.db, { role: "reviewer" });
    await requestSignInLink(database.db, { email: user.email, locale: "en" });
    const [email] = await database.db.select().from(outbox).where(eq(outbox.toAddress, user.email));
    const token = new URL(String(email!.props.url)).searchParams.get("token")!;
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => consumeSignInLink(connections[i % 4]!.db, token)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
