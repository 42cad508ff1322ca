import { afterAll, beforeAll, describe, it } from "vitest";
import { connectPostgres, type Database } from "../../app/modules/db/connect.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { checkLedgerAgainstModel } from "../support/ledger-property";

// Real PostgreSQL: separate connection pools stand for separate app processes, and the actions
// of one step go out through different ones at the same time.
let database: TestDatabase;
let processes: Database[];
let adminId: string;
beforeAll(async () => {
  database = await createTestDatabase({ real: true, max: 2 });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database.name}`;
  processes = Array.from({ length: 3 }, () => connectPostgres(url.toString(), { max: 2 }));
  adminId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.close()));
  await database.close();
});

const runs = Number(process.env.LEDGER_MODEL_RUNS ?? 500);
const seed = process.env.LEDGER_MODEL_SEED ? Number(process.env.LEDGER_MODEL_SEED) : undefined;

describe("the ledger behaves like the plain model of DESIGN §2, concurrently on real PostgreSQL", () => {
  it(`after every step of ${runs} random sequences, each step's actions issued at once from several connections`, async () => {
    await checkLedgerAgainstModel(
      processes.map((p) => p.db),
      { runs, adminId, seed },
    );
  }, 1_800_000);
});
