import http from "node:http";
import Stripe from "stripe";
import * as api from "./api";
import * as issuing from "./issuing";
import type { AuthorizeInput } from "./issuing";
import { StripeApiError, invalid, missing } from "./errors";
import type { EventRequest } from "./events";
import { expand, render } from "./expand";
import { toJson, type JsonObject } from "./fixtures";
import { Params, parseForm } from "./form";
import { newId } from "./util";
import { FakeUsageError, type World } from "./world";

/** Test-only controls over HTTP (for a fake running in another process), under `/_fake/`. */
export type Controls = {
  completeCheckout(id: string, opts: { fail?: boolean; method?: "card" | "us_bank_account" }): Promise<object>;
  settleBankDebit(id: string, opts: { fail?: boolean }): Promise<object>;
  renewSubscription(id: string): Promise<object>;
  failRenewal(id: string): Promise<object>;
  openDispute(chargeId: string): Promise<object>;
  closeDispute(id: string, outcome: "won" | "lost"): Promise<void>;
  redeliver(eventId: string): Promise<number>;
  authorize(cardId: string, input: AuthorizeInput): Promise<object>;
  capture(authorizationId: string): Promise<object>;
  refundIssuing(transactionId: string): Promise<object>;
  fundIssuing(amount: number): Promise<object>;
};

type Reply = { status: number; body: object };
type Context = { world: World; params: Params; request: EventRequest; match: RegExpMatchArray; stripeVersion: string | undefined };
type Route = { method: string; path: RegExp; handle(ctx: Context): Reply | Promise<Reply> };

const ok = (body: object): Reply => ({ status: 200, body });

/** A rendered object with `expand[]` applied. */
function expanded(ctx: Context, object: { object: string }): Reply {
  return ok(expand(ctx.world.store, render(object), ctx.params.strings("expand")));
}

function listOf(ctx: Context, url: string, items: { id: string; object: string }[]): Reply {
  const limit = ctx.params.integer("limit") ?? 10;
  if (limit < 1 || limit > 100) invalid("Invalid integer: limit must be between 1 and 100", "limit");
  let rest = items;
  const after = ctx.params.string("starting_after");
  if (after) rest = rest.slice(rest.findIndex((item) => item.id === after) + 1);
  const paths = ctx.params
    .strings("expand")
    .filter((p) => p.startsWith("data."))
    .map((p) => p.slice("data.".length));
  const data = rest.slice(0, limit).map((item) => expand(ctx.world.store, render(item), paths));
  return ok({ object: "list", data, has_more: rest.length > limit, url });
}

function retrieve<T extends { id: string; object: string }>(map: Map<string, T>, type: string) {
  return (ctx: Context): Reply => {
    const id = ctx.match[1];
    const found = map.get(id);
    if (!found) missing(type, id);
    return expanded(ctx, found);
  };
}

const ID = "([A-Za-z0-9_]+)";

function routes(world: World): Route[] {
  const s = world.store;
  return [
    { method: "POST", path: /^\/v1\/checkout\/sessions$/, handle: (ctx) => expanded(ctx, api.createCheckoutSession(world, ctx.params)) },
    { method: "GET", path: /^\/v1\/checkout\/sessions$/, handle: (ctx) => listOf(ctx, "/v1/checkout/sessions", api.listCheckoutSessions(world, ctx.params)) },
    { method: "GET", path: new RegExp(`^/v1/checkout/sessions/${ID}$`), handle: retrieve(s.sessions, "checkout.session") },
    {
      method: "GET",
      path: new RegExp(`^/v1/checkout/sessions/${ID}/line_items$`),
      handle: (ctx) => listOf(ctx, `/v1/checkout/sessions/${ctx.match[1]}/line_items`, s.sessionExtras.get(world.session(ctx.match[1]).id)?.items ?? []),
    },
    {
      method: "POST",
      path: new RegExp(`^/v1/checkout/sessions/${ID}/expire$`),
      handle: (ctx) => expanded(ctx, world.expireCheckoutSession(ctx.match[1], ctx.request)),
    },
    { method: "GET", path: new RegExp(`^/v1/payment_intents/${ID}$`), handle: retrieve(s.paymentIntents, "payment_intent") },
    { method: "GET", path: new RegExp(`^/v1/charges/${ID}$`), handle: retrieve(s.charges, "charge") },
    { method: "GET", path: new RegExp(`^/v1/balance_transactions/${ID}$`), handle: retrieve(s.balanceTransactions, "balance_transaction") },
    { method: "GET", path: new RegExp(`^/v1/invoices/${ID}$`), handle: retrieve(s.invoices, "invoice") },
    { method: "GET", path: /^\/v1\/invoice_payments$/, handle: (ctx) => listOf(ctx, "/v1/invoice_payments", api.listInvoicePayments(world, ctx.params)) },
    { method: "GET", path: new RegExp(`^/v1/invoice_payments/${ID}$`), handle: retrieve(s.invoicePayments, "invoice_payment") },
    { method: "GET", path: new RegExp(`^/v1/subscriptions/${ID}$`), handle: retrieve(s.subscriptions, "subscription") },
    {
      method: "POST",
      path: new RegExp(`^/v1/subscriptions/${ID}$`),
      handle: (ctx) => expanded(ctx, api.updateSubscription(world, ctx.match[1], ctx.params, ctx.request)),
    },
    {
      method: "DELETE",
      path: new RegExp(`^/v1/subscriptions/${ID}$`),
      handle: (ctx) => expanded(ctx, api.cancelSubscription(world, ctx.match[1], ctx.params, ctx.request)),
    },
    { method: "GET", path: new RegExp(`^/v1/customers/${ID}$`), handle: retrieve(s.customers, "customer") },
    { method: "GET", path: new RegExp(`^/v1/prices/${ID}$`), handle: retrieve(s.prices, "price") },
    { method: "GET", path: new RegExp(`^/v1/products/${ID}$`), handle: retrieve(s.products, "product") },
    { method: "GET", path: new RegExp(`^/v1/disputes/${ID}$`), handle: retrieve(s.disputes, "dispute") },
    { method: "POST", path: /^\/v1\/refunds$/, handle: (ctx) => expanded(ctx, api.createRefund(world, ctx.params, ctx.request)) },
    { method: "GET", path: new RegExp(`^/v1/refunds/${ID}$`), handle: retrieve(s.refunds, "refund") },
    { method: "POST", path: /^\/v1\/billing_portal\/sessions$/, handle: (ctx) => expanded(ctx, api.createPortalSession(world, ctx.params)) },
    { method: "POST", path: /^\/v1\/issuing\/cardholders$/, handle: (ctx) => expanded(ctx, issuing.createCardholder(world, ctx.params)) },
    { method: "GET", path: new RegExp(`^/v1/issuing/cardholders/${ID}$`), handle: retrieve(s.cardholders, "issuing.cardholder") },
    { method: "POST", path: /^\/v1\/issuing\/cards$/, handle: (ctx) => expanded(ctx, issuing.createCard(world, ctx.params, ctx.request)) },
    { method: "GET", path: new RegExp(`^/v1/issuing/cards/${ID}$`), handle: retrieve(s.cards, "issuing.card") },
    { method: "POST", path: new RegExp(`^/v1/issuing/cards/${ID}$`), handle: (ctx) => expanded(ctx, issuing.updateCard(world, ctx.match[1], ctx.params, ctx.request)) },
    { method: "GET", path: new RegExp(`^/v1/issuing/authorizations/${ID}$`), handle: retrieve(s.authorizations, "issuing.authorization") },
    { method: "GET", path: new RegExp(`^/v1/issuing/transactions/${ID}$`), handle: retrieve(s.issuingTransactions, "issuing.transaction") },
    { method: "POST", path: /^\/v1\/ephemeral_keys$/, handle: (ctx) => ok(issuing.createEphemeralKey(world, ctx.params, ctx.stripeVersion)) },
    { method: "GET", path: /^\/v1\/balance$/, handle: (ctx) => ok(ctx.world.balance()) },
    { method: "GET", path: /^\/v1\/events$/, handle: (ctx) => ok(world.log.list(api.eventsQuery(ctx.params))) },
    { method: "GET", path: new RegExp(`^/v1/events/${ID}$`), handle: (ctx) => ok(world.log.get(ctx.match[1])) },
  ];
}

function controlRoutes(controls: Controls): Route[] {
  const outcome = (p: Params): "won" | "lost" => {
    const value = p.requiredString("outcome");
    if (value !== "won" && value !== "lost") invalid("outcome must be won or lost", "outcome");
    return value;
  };
  return [
    {
      method: "POST",
      path: new RegExp(`^/_fake/checkout/sessions/${ID}/complete$`),
      handle: async (ctx) =>
        ok(await controls.completeCheckout(ctx.match[1], { fail: ctx.params.boolean("fail"), method: ctx.params.string("method") === "us_bank_account" ? "us_bank_account" : "card" })),
    },
    {
      method: "POST",
      path: new RegExp(`^/_fake/checkout/sessions/${ID}/settle_bank_debit$`),
      handle: async (ctx) => ok(await controls.settleBankDebit(ctx.match[1], { fail: ctx.params.boolean("fail") })),
    },
    { method: "POST", path: new RegExp(`^/_fake/subscriptions/${ID}/renew$`), handle: async (ctx) => ok(await controls.renewSubscription(ctx.match[1])) },
    { method: "POST", path: new RegExp(`^/_fake/subscriptions/${ID}/fail_renewal$`), handle: async (ctx) => ok(await controls.failRenewal(ctx.match[1])) },
    { method: "POST", path: new RegExp(`^/_fake/charges/${ID}/dispute$`), handle: async (ctx) => ok(await controls.openDispute(ctx.match[1])) },
    {
      method: "POST",
      path: new RegExp(`^/_fake/disputes/${ID}/close$`),
      handle: async (ctx) => {
        await controls.closeDispute(ctx.match[1], outcome(ctx.params));
        return ok({});
      },
    },
    {
      method: "POST",
      path: new RegExp(`^/_fake/issuing/cards/${ID}/authorize$`),
      handle: async (ctx) =>
        ok(
          await controls.authorize(ctx.match[1], {
            amount: ctx.params.integer("amount") ?? invalid("amount is required", "amount"),
            category: ctx.params.string("category"),
            country: ctx.params.string("country"),
          }),
        ),
    },
    { method: "POST", path: new RegExp(`^/_fake/issuing/authorizations/${ID}/capture$`), handle: async (ctx) => ok(await controls.capture(ctx.match[1])) },
    { method: "POST", path: new RegExp(`^/_fake/issuing/transactions/${ID}/refund$`), handle: async (ctx) => ok(await controls.refundIssuing(ctx.match[1])) },
    { method: "POST", path: /^\/_fake\/issuing\/fund$/, handle: async (ctx) => ok(await controls.fundIssuing(ctx.params.integer("amount") ?? 0)) },
    {
      method: "POST",
      path: new RegExp(`^/_fake/events/${ID}/redeliver$`),
      handle: async (ctx) => ok({ status: await controls.redeliver(ctx.match[1]) }),
    },
  ];
}

type Remembered = { fingerprint: string; status: number; body: string; requestId: string };

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** The HTTP front: authentication, form parsing, idempotency keys, routing and Stripe-shaped errors. */
export function createHttpServer(world: World, controls: Controls): http.Server {
  const apiRoutes = routes(world);
  const fakeRoutes = controlRoutes(controls);
  const remembered = new Map<string, Remembered>();
  /** Keys whose first request is still being answered: Stripe answers a concurrent one 409. */
  const inFlight = new Set<string>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newId("req", 14);
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake-stripe.local");
    const method = (req.method ?? "GET").toUpperCase();
    const send = (status: number, payload: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, {
        "content-type": "application/json",
        "request-id": requestId,
        "stripe-version": header(req, "stripe-version") ?? Stripe.API_VERSION,
        ...extra,
      });
      res.end(payload);
    };
    const fail = (error: unknown): { status: number; body: string } => {
      if (error instanceof StripeApiError) return { status: error.status, body: JSON.stringify(error.toJSON(), null, 2) };
      const message = error instanceof Error ? error.message : String(error);
      const status = error instanceof FakeUsageError ? 400 : 500;
      const type = status === 400 ? "invalid_request_error" : "api_error";
      return { status, body: JSON.stringify({ error: { type, message } }, null, 2) };
    };

    const control = url.pathname.startsWith("/_fake/");
    if (!control) {
      const auth = header(req, "authorization") ?? "";
      if (!/^(Bearer|Basic) \S+/.test(auth)) {
        send(401, JSON.stringify({ error: { type: "invalid_request_error", message: NO_KEY } }, null, 2));
        return;
      }
    }

    const key = method === "POST" ? header(req, "idempotency-key") : undefined;
    const fingerprint = `${method} ${url.pathname}\n${body}`;
    if (key) {
      const previous = remembered.get(key);
      if (previous && previous.fingerprint !== fingerprint) {
        const error = new StripeApiError(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
        send(400, JSON.stringify(error.toJSON(), null, 2), { "idempotency-key": key });
        return;
      }
      if (previous) {
        send(previous.status, previous.body, { "idempotency-key": key, "idempotent-replayed": "true", "original-request": previous.requestId });
        return;
      }
      if (inFlight.has(key)) {
        const error = new StripeApiError(
          409,
          "idempotency_error",
          "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): " + key + ". Please try again later.",
        );
        send(409, JSON.stringify(error.toJSON(), null, 2), { "idempotency-key": key });
        return;
      }
      inFlight.add(key);
    }

    let status: number;
    let payload: string;
    const failForm = (message: string, param: string, code?: string): never => invalid(message, param, code);
    try {
      const candidates = (control ? fakeRoutes : apiRoutes).filter((r) => r.path.test(url.pathname));
      const route = candidates.find((r) => r.method === method);
      if (!route) {
        throw new StripeApiError(
          404,
          "invalid_request_error",
          `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        );
      }
      const form = { ...parseForm(url.search.slice(1)), ...parseForm(body) };
      const params = new Params(form, failForm);
      const reply = await route.handle({
        world,
        params,
        request: { id: requestId, idempotency_key: key ?? null },
        match: url.pathname.match(route.path)!,
        stripeVersion: header(req, "stripe-version"),
      });
      status = reply.status;
      payload = JSON.stringify(toJson(reply.body) satisfies JsonObject, null, 2);
    } catch (error) {
      ({ status, body: payload } = fail(error));
    }
    if (key && status < 500) remembered.set(key, { fingerprint, status, body: payload, requestId });
    if (key) inFlight.delete(key);
    send(status, payload, key ? { "idempotency-key": key } : {});
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", message: String(error) } }));
    });
  });
}
