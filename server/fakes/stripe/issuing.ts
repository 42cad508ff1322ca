import Stripe from "stripe";
import { invalid, missing } from "./errors";
import type { EventRequest } from "./events";
import { overlay, toJson } from "./fixtures";
import type { Params } from "./form";
import { newId, nowSeconds, randomChars } from "./util";
import { FakeUsageError, type World } from "./world";

/**
 * Stripe Issuing, as much as Fondo uses: one cardholder, virtual cards with spending controls,
 * ephemeral keys for Issuing Elements, and purchases. A purchase asks the app's synchronous
 * endpoint first (`issuing_authorization.request`, signed like every event; the decision is the
 * JSON answer `{ approved }` with a `Stripe-Version` header, within the timeout, else declined —
 * Stripe's default), after Stripe's own spending controls pass.
 */

export type AuthorizeInput = { amount: number; category?: string; country?: string; merchantName?: string };
export type AuthorizeResult = { authorizationId: string; approved: boolean; reason: string | null; requestStatus: number };

const GOVERNMENT = { category: "government_services", code: "9399" };

export function createCardholder(world: World, p: Params): Stripe.Issuing.Cardholder {
  const name = p.requiredString("name");
  const billing = p.object("billing")?.object("address");
  if (!billing) invalid("Missing required param: billing[address].", "billing", "parameter_missing");
  const type = p.string("type") ?? "individual";
  if (type !== "individual" && type !== "company") invalid("Invalid type: must be one of individual or company", "type");
  const cardholder = overlay<Stripe.Issuing.Cardholder>("issuing.cardholder", {
    id: newId("ich"),
    created: nowSeconds(),
    name,
    email: p.string("email") ?? null,
    phone_number: p.string("phone_number") ?? null,
    type,
    status: (p.string("status") as Stripe.Issuing.Cardholder.Status | undefined) ?? "active",
    metadata: p.metadata() ?? {},
    billing: {
      address: {
        line1: billing.requiredString("line1"),
        line2: billing.string("line2") ?? null,
        city: billing.requiredString("city"),
        state: billing.string("state") ?? null,
        postal_code: billing.requiredString("postal_code"),
        country: billing.requiredString("country"),
      },
    },
  });
  world.store.cardholders.set(cardholder.id, cardholder);
  return cardholder;
}

function spendingControls(p: Params | undefined): Stripe.Issuing.Card.SpendingControls {
  const limits = (p?.array("spending_limits") ?? []).map((l, i) => {
    const amount = l.integer("amount");
    if (amount === undefined || amount < 0) invalid("Invalid spending limit amount", `spending_controls[spending_limits][${i}][amount]`);
    const interval = l.requiredString("interval") as Stripe.Issuing.Card.SpendingControls.SpendingLimit.Interval;
    const categories = l.strings("categories");
    return { amount, interval, categories: categories.length > 0 ? (categories as Stripe.Issuing.Card.SpendingControls.SpendingLimit.Category[]) : null };
  });
  const list = (key: string) => {
    const values = p?.strings(key) ?? [];
    return values.length > 0 ? values : null;
  };
  return {
    allowed_categories: list("allowed_categories") as Stripe.Issuing.Card.SpendingControls["allowed_categories"],
    blocked_categories: list("blocked_categories") as Stripe.Issuing.Card.SpendingControls["blocked_categories"],
    allowed_merchant_countries: list("allowed_merchant_countries"),
    blocked_merchant_countries: list("blocked_merchant_countries"),
    spending_limits: limits,
    spending_limits_currency: limits.length > 0 ? "usd" : null,
    allowed_card_presences: null,
    blocked_card_presences: null,
  } as Stripe.Issuing.Card.SpendingControls;
}

export function createCard(world: World, p: Params, request: EventRequest): Stripe.Issuing.Card {
  const cardholderId = p.requiredString("cardholder");
  const cardholder = world.store.cardholders.get(cardholderId);
  if (!cardholder) missing("issuing.cardholder", cardholderId, "cardholder");
  const type = p.requiredString("type");
  if (type !== "virtual") invalid("The local fake Stripe issues virtual cards only.", "type");
  const currency = p.requiredString("currency");
  if (currency !== "usd") invalid("Invalid currency: usd only", "currency");
  const status = p.string("status") ?? "inactive";
  if (status !== "active" && status !== "inactive") invalid("Invalid status: must be one of active or inactive", "status");
  const number = `4000009990${randomDigits(6)}`;
  const card = overlay<Stripe.Issuing.Card>("issuing.card", {
    id: newId("ic"),
    created: nowSeconds(),
    cardholder,
    currency,
    type: "virtual",
    status,
    last4: number.slice(-4),
    exp_month: 12,
    exp_year: new Date().getUTCFullYear() + 3,
    metadata: p.metadata() ?? {},
    spending_controls: spendingControls(p.object("spending_controls")),
    shipping: null,
  });
  world.store.cards.set(card.id, card);
  world.store.cardSecrets.set(card.id, { number, cvc: randomDigits(3) });
  void world.emit("issuing_card.created", card, undefined, request);
  return card;
}

export function updateCard(world: World, id: string, p: Params, request: EventRequest): Stripe.Issuing.Card {
  const card = issuingCard(world, id);
  const previous: Record<string, unknown> = {};
  const status = p.string("status");
  if (status !== undefined) {
    if (status !== "active" && status !== "inactive" && status !== "canceled") invalid("Invalid status", "status");
    if (card.status === "canceled") invalid("This card has been canceled and cannot be updated.", "status");
    previous.status = card.status;
    card.status = status;
    if (status === "canceled") card.cancellation_reason = (p.string("cancellation_reason") as Stripe.Issuing.Card.CancellationReason | undefined) ?? null;
  }
  const metadata = p.metadata("metadata", true);
  if (metadata) {
    previous.metadata = card.metadata;
    card.metadata = { ...card.metadata, ...metadata };
  }
  if (Object.keys(previous).length > 0) void world.emit("issuing_card.updated", card, previous, request);
  return card;
}

function issuingCard(world: World, id: string): Stripe.Issuing.Card {
  const card = world.store.cards.get(id);
  if (!card) missing("issuing.card", id);
  return card;
}

/** `POST /v1/ephemeral_keys` for Issuing Elements: needs `issuing_card`, a `nonce` and a `Stripe-Version`. */
export function createEphemeralKey(world: World, p: Params, stripeVersion: string | undefined): object {
  if (!stripeVersion) invalid("Stripe-Version header is required when creating an ephemeral key.", undefined, "parameter_missing");
  const cardId = p.requiredString("issuing_card");
  issuingCard(world, cardId);
  if (!p.string("nonce")) invalid("Missing required param: nonce.", "nonce", "parameter_missing");
  const created = nowSeconds();
  const key = { id: newId("ephkey"), secret: `ek_test_${randomChars(60)}`, card: cardId, expires: created + 15 * 60 };
  world.store.ephemeralKeys.set(key.secret, key);
  return overlay<object>("ephemeral_key", {
    id: key.id,
    created,
    expires: key.expires,
    secret: key.secret,
    associated_objects: [{ id: cardId, type: "issuing.card" }],
  } as never);
}

/** The demo Elements stand-in: the card's number for a live ephemeral key of that card, else null. */
export function revealWithKey(world: World, secret: string): { number: string; cvc: string; card: Stripe.Issuing.Card } | null {
  const key = world.store.ephemeralKeys.get(secret);
  if (!key || key.expires < nowSeconds()) return null;
  const card = world.store.cards.get(key.card);
  const secrets = world.store.cardSecrets.get(key.card);
  return card && secrets ? { ...secrets, card } : null;
}

function randomDigits(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += String(Math.floor(Math.random() * 10));
  return out;
}

/** Stripe's own spending controls, checked before the app is asked. */
function controlsDecline(world: World, card: Stripe.Issuing.Card, input: Required<AuthorizeInput>): string | null {
  if (card.status !== "active") return "card_inactive";
  // An approved authorization holds its amount on the Issuing balance until captured.
  const held = [...world.store.authorizations.values()].filter((a) => a.approved && a.status === "pending").reduce((sum, a) => sum + a.amount, 0);
  if (input.amount > world.issuingBalanceCents - held) return "insufficient_funds";
  const c = card.spending_controls;
  if (c.allowed_categories && !c.allowed_categories.includes(input.category as never)) return "spending_controls";
  if (c.blocked_categories?.includes(input.category as never)) return "spending_controls";
  if (c.allowed_merchant_countries && !c.allowed_merchant_countries.includes(input.country)) return "spending_controls";
  if (c.blocked_merchant_countries?.includes(input.country)) return "spending_controls";
  // What was approved on the card (an authorization's own amount drops to 0 once captured).
  const spent = [...world.store.authorizations.values()]
    .filter((a) => cardId(a) === card.id && a.approved)
    .reduce((sum, a) => sum + (a.request_history.find((r) => r.approved)?.amount ?? 0), 0);
  for (const limit of c.spending_limits ?? []) {
    if (limit.categories && !limit.categories.includes(input.category as never)) continue;
    if (input.amount > limit.amount) return "spending_controls";
    if (limit.interval === "all_time" && spent + input.amount > limit.amount) return "spending_controls";
  }
  return null;
}

const cardId = (a: Stripe.Issuing.Authorization) => (typeof a.card === "string" ? a.card : a.card.id);

/**
 * A merchant asks to charge the card. Resolves once the decision is made and
 * `issuing_authorization.created` has been delivered.
 */
export async function authorize(world: World, id: string, raw: AuthorizeInput): Promise<AuthorizeResult> {
  const card = world.store.cards.get(id);
  if (!card) throw new FakeUsageError(`No such card: ${id}`);
  const input = { category: GOVERNMENT.category, country: "US", merchantName: "USCIS", ...raw };
  const cardholder = card.cardholder;
  const authorization = overlay<Stripe.Issuing.Authorization>("issuing.authorization", {
    id: newId("iauth"),
    created: nowSeconds(),
    amount: 0,
    approved: false,
    card: toJson(card) as unknown as Stripe.Issuing.Card,
    cardholder: cardholder.id,
    merchant_amount: 0,
    merchant_data: {
      ...(overlay<Stripe.Issuing.Authorization>("issuing.authorization", {}).merchant_data as Stripe.Issuing.Authorization.MerchantData),
      category: input.category as Stripe.Issuing.Authorization.MerchantData["category"],
      category_code: input.category === GOVERNMENT.category ? GOVERNMENT.code : "5999",
      name: input.merchantName,
      country: input.country,
      city: "Washington",
      state: "DC",
      postal_code: "20529",
    },
    pending_request: {
      amount: input.amount,
      amount_details: { atm_fee: null, cashback_amount: null },
      currency: "usd",
      is_amount_controllable: false,
      merchant_amount: input.amount,
      merchant_currency: "usd",
      network_risk_score: null,
    },
    request_history: [],
    status: "pending",
    transactions: [],
  });
  world.store.authorizations.set(authorization.id, authorization);

  let reason: string | null = controlsDecline(world, card, input);
  let requestStatus = 0;
  let approved = false;
  if (reason === null) {
    const asked = await world.askIssuing(authorization);
    requestStatus = asked.status;
    approved = asked.approved;
    reason = approved ? null : asked.status === 0 ? "webhook_timeout" : asked.status === 200 ? "webhook_declined" : "webhook_error";
  }
  authorization.approved = approved;
  authorization.amount = approved ? input.amount : 0;
  authorization.merchant_amount = approved ? input.amount : 0;
  authorization.status = approved ? "pending" : "closed";
  authorization.request_history = [
    {
      amount: input.amount,
      amount_details: { atm_fee: null, cashback_amount: null },
      approved,
      authorization_code: approved ? randomDigits(6) : null,
      created: nowSeconds(),
      currency: "usd",
      merchant_amount: input.amount,
      merchant_currency: "usd",
      network_risk_score: null,
      reason: (approved ? "webhook_approved" : reason) as Stripe.Issuing.Authorization.RequestHistory.Reason,
      reason_message: null,
      requested_at: nowSeconds(),
    },
  ];
  authorization.pending_request = null;
  await world.emit("issuing_authorization.created", authorization);
  return { authorizationId: authorization.id, approved, reason, requestStatus };
}

/** The merchant captures an approved authorization: `issuing_transaction.created` (type capture, a negative amount). */
export async function capture(world: World, authorizationId: string): Promise<{ transactionId: string }> {
  const authorization = world.store.authorizations.get(authorizationId);
  if (!authorization || !authorization.approved || authorization.status !== "pending") throw new FakeUsageError(`Authorization ${authorizationId} cannot be captured`);
  const transaction = buildTransaction(authorization, "capture", -authorization.amount);
  world.store.issuingTransactions.set(transaction.id, transaction);
  const previous = { status: authorization.status, amount: authorization.amount };
  authorization.status = "closed";
  authorization.transactions = [...authorization.transactions, transaction];
  world.issuingBalanceCents += transaction.amount;
  authorization.amount = 0;
  await world.emit("issuing_transaction.created", transaction);
  await world.emit("issuing_authorization.updated", authorization, previous);
  return { transactionId: transaction.id };
}

/** The merchant refunds a capture: `issuing_transaction.created` (type refund, a positive amount). */
export async function refund(world: World, transactionId: string): Promise<{ transactionId: string }> {
  const captured = world.store.issuingTransactions.get(transactionId);
  if (!captured || captured.type !== "capture") throw new FakeUsageError(`Transaction ${transactionId} cannot be refunded`);
  const authorization = world.store.authorizations.get(captured.authorization as string)!;
  const transaction = buildTransaction(authorization, "refund", -captured.amount);
  world.store.issuingTransactions.set(transaction.id, transaction);
  world.issuingBalanceCents += transaction.amount;
  await world.emit("issuing_transaction.created", transaction);
  return { transactionId: transaction.id };
}

function buildTransaction(authorization: Stripe.Issuing.Authorization, type: "capture" | "refund", amount: number): Stripe.Issuing.Transaction {
  return overlay<Stripe.Issuing.Transaction>("issuing.transaction", {
    id: newId("ipi"),
    created: nowSeconds(),
    amount,
    merchant_amount: amount,
    authorization: authorization.id,
    card: cardId(authorization),
    cardholder: authorization.cardholder,
    merchant_data: authorization.merchant_data as unknown as Stripe.Issuing.Transaction.MerchantData,
    type,
    wallet: null,
  });
}

/** Signs and POSTs the authorization request; the answer's JSON `approved` is the decision. */
export async function askEndpoint(url: string | undefined, secret: string, event: Stripe.Event, timeoutMs: number): Promise<{ status: number; approved: boolean }> {
  if (!url) return { status: 0, approved: false };
  const payload = JSON.stringify(event, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
      body: payload,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status !== 200 || !response.headers.get("stripe-version")) return { status: response.status, approved: false };
    const body = JSON.parse(text) as { approved?: unknown };
    return { status: 200, approved: body.approved === true };
  } catch {
    return { status: 0, approved: false };
  }
}
