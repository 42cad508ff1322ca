/**
 * The load generator in its own process: 64 connections POST signed checkout.session.completed
 * events to the app servers (round robin) for a fixed time, as Stripe would, and redeliver one
 * event in 20 (Stripe retries). Reads the payments to complete from a JSON file; prints a JSON
 * summary: distinct events answered 200, redeliveries, errors, elapsed milliseconds, its own CPU time.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import http from "node:http";
import Stripe from "stripe";

type Payment = { donationId: string; amountCents: number; campaignId: string };

const [paymentsFile, urlsArg, secret, secondsArg, connectionsArg] = process.argv.slice(2);
const payments = JSON.parse(readFileSync(paymentsFile!, "utf8")) as Payment[];
const urls = urlsArg!.split(",").map((u) => `${u}/webhooks/stripe`);
const seconds = Number(secondsArg ?? 30);
const connections = Number(connectionsArg ?? 64);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

/** One POST; resolves with the status (0 when the connection failed). */
function post(url: string, payload: string, signature: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "stripe-signature": signature, "content-length": Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(payload);
  });
}

const created = Math.floor(Date.now() / 1000);
/** The event Stripe sends when a one-time Checkout payment succeeds. */
function completedEvent(p: Payment, n: number): string {
  const session = {
    id: `cs_bench_${n}`,
    object: "checkout.session",
    mode: "payment",
    status: "complete",
    payment_status: "paid",
    amount_total: p.amountCents,
    amount_subtotal: p.amountCents,
    currency: "usd",
    customer: null,
    customer_details: { email: null, name: null },
    payment_intent: `pi_bench_${n}_${p.donationId.slice(0, 8)}`,
    invoice: null,
    subscription: null,
    client_reference_id: p.donationId,
    metadata: { donation_id: p.donationId, campaign_id: p.campaignId },
    livemode: false,
    created,
  };
  return JSON.stringify({
    id: `evt_bench_${n}_${p.donationId.slice(0, 8)}`,
    object: "event",
    api_version: "2025-03-31.basil",
    created,
    type: "checkout.session.completed",
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: session },
  });
}

// Payloads and signatures are made before the clock starts (Stripe's signatures stay valid for
// 5 minutes): the generator shares the machine's CPUs with the app, and in production Stripe's
// signing costs the app nothing.
const prepared = Math.min(payments.length, Math.ceil(seconds * 3000));
const deliveries = payments.slice(0, prepared).map((p, n) => {
  const payload = completedEvent(p, n);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: secret! }) };
});

let next = 0;
let answered = 0;
let redelivered = 0;
let errors = 0;
const cpuBefore = process.cpuUsage();
const deadline = performance.now() + seconds * 1000;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: connections }, async (_, lane) => {
    const url = urls[lane % urls.length]!;
    while (performance.now() < deadline && next < deliveries.length) {
      const n = next++;
      const { payload, signature } = deliveries[n]!;
      const times = n % 20 === 0 ? 2 : 1;
      for (let t = 0; t < times; t++) {
        const status = await post(url, payload, signature);
        if (status !== 200) errors++;
        else if (t === 0) answered++;
        else redelivered++;
      }
    }
  }),
);
const elapsedMs = performance.now() - t0;
agent.destroy();
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ answered, redelivered, errors, elapsedMs, ranOut: next >= deliveries.length, cpuMs: (cpu.user + cpu.system) / 1000 }));
