import { EnvError } from "../app/modules/config/env.server";
import { DatabaseInUseError } from "../app/modules/db/index.server";
import { startServer } from "./start";

try {
  const server = await startServer();
  console.log(`Fondo is listening on ${server.url} (${server.database.kind}${server.env.demoMode ? ", demo payments" : ""})`);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  if (error instanceof EnvError || error instanceof DatabaseInUseError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
