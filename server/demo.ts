import { loadEnv } from "../app/modules/config/env.server";
import { seedDemo } from "../app/modules/seed/seed.server";
import { demoStaff } from "../app/modules/seed/demo-content";
import { startServer } from "./start";

/** `npm run demo`: the built app on embedded PGlite, demo payments, emails kept in the outbox. */
const env = loadEnv({ ...process.env, NODE_ENV: process.env.NODE_ENV === "production" ? "development" : process.env.NODE_ENV });
const server = await startServer({ env, beforeListen: (database) => seedDemo(database.db).then(() => undefined) });

console.log(`
Fondo demo is running at ${server.url}
  database:  ${server.database.kind === "pglite" ? `embedded PGlite in ${env.pgliteDataDir}` : "PostgreSQL (DATABASE_URL)"}
  payments:  ${env.demoMode ? "demo mode (no Stripe keys, no real money)" : "Stripe"}
  emails:    ${env.resend ? "sent with Resend" : `kept in the outbox: ${server.url}/dev/outbox`}

Demo sign-ins (${server.url}/sign-in):
  admin     ${demoStaff.admin.email} / ${demoStaff.admin.password}
            two-step key ${demoStaff.adminTotpSecret} (or run: npm run fondo -- demo:totp)
  reviewer  ${demoStaff.reviewer.email} / ${demoStaff.reviewer.password}
            two-step key ${demoStaff.reviewerTotpSecret} (or run: npm run fondo -- demo:totp reviewer)
  host      ${demoStaff.host.email} (email link: request it, then open it from the outbox)
Or request an email link for any of them and open it from the outbox.
Stop with Ctrl+C.
`);

const shutdown = async () => {
  await server.stop();
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
