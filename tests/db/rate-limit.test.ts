import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeRateLimit } from "../../app/modules/rate-limit/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const rule = { name: "test", limit: 5, windowSeconds: 60 };

describe("rate limits kept in the database", () => {
  it("allows the limit, refuses the next, and starts again in the next window", async () => {
    const now = new Date("2026-03-01T12:00:10Z");
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await consumeRateLimit(database.db, rule, "203.0.113.9", now));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(results[6]!.retryAfterSeconds).toBe(50);
    const later = await consumeRateLimit(database.db, rule, "203.0.113.9", new Date("2026-03-01T12:01:01Z"));
    expect(later).toMatchObject({ allowed: true, remaining: 4 });
  });

  it("counts every one of many simultaneous attempts", async () => {
    const now = new Date("2026-03-02T12:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => consumeRateLimit(database.db, { ...rule, limit: 8 }, "burst", now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(8);
  });

  it("keeps subjects apart and ignores the case of email addresses", async () => {
    const now = new Date("2026-03-03T12:00:00Z");
    for (let i = 0; i < 5; i++) await consumeRateLimit(database.db, rule, "Ana@Example.org", now);
    expect((await consumeRateLimit(database.db, rule, "ana@example.org", now)).allowed).toBe(false);
    expect((await consumeRateLimit(database.db, rule, "bruno@example.org", now)).allowed).toBe(true);
  });
});
