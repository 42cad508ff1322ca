import { afterAll, beforeAll, describe, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { checkLedgerAgainstModel } from "../support/ledger-property";

let database: TestDatabase;
let adminId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  adminId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(() => database.close());

// The concurrent, many-run version runs on real PostgreSQL in tests/pg; this keeps `npm test` quick.
const runs = Number(process.env.LEDGER_MODEL_RUNS ?? 60);
const seed = process.env.LEDGER_MODEL_SEED ? Number(process.env.LEDGER_MODEL_SEED) : undefined;

describe("the ledger behaves like the plain model of DESIGN §2", () => {
  it(`after every step of ${runs} random sequences of gifts, fees, refunds, disputes, allocations, payments, transfers and matches`, async () => {
    await checkLedgerAgainstModel([database.db], { runs, adminId, seed });
  }, 900_000);
});
