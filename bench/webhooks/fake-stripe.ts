/**
 * The fake Stripe in its own process for the webhook benchmark: the app servers use it as their
 * Stripe API (STRIPE_API_BASE), as they would use Stripe. Prints `{"url": …}` once listening.
 */
import { startFakeStripe } from "../../server/fakes/stripe/index";

const fake = await startFakeStripe({ webhookSecret: process.env.BENCH_WEBHOOK_SECRET! });
fake.pauseDeliveries();
console.log(JSON.stringify({ url: fake.url }));
process.once("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
