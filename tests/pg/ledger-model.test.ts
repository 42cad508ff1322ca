import { afterAll, beforeAll, describe, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { checkLedgerAgainstModel } from "../support/ledger-property";

let database: TestDatabase;
let adminId: string;
beforeAll(async () => {
  database = await createTestDatabase({ real: true, max: 2 });
  adminId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(() => database.close());

const runs = Number(process.env.LEDGER_MODEL_RUNS ?? 500);
const seed = process.env.LEDGER_MODEL_SEED ? Number(process.env.LEDGER_MODEL_SEED) : undefined;

describe("the ledger behaves like the plain model of DESIGN §2, on real PostgreSQL", () => {
  it(`after every step of ${runs} random sequences of 20–40 movements`, async () => {
    await checkLedgerAgainstModel(database.db, { runs, adminId, seed });
  }, 1_200_000);
});
