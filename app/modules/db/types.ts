import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "../../../db/schema";

/** The database or an open transaction: every domain write takes one of these first. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
