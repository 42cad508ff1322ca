import type Stripe from "stripe";
import { fixture, overlay } from "./fixtures";
import { DAY, newId, nowSeconds, randomChars, TEST_ADDRESS, TEST_NAME } from "./util";

/** Builders for payments: payment intents, charges, balance transactions, refunds, disputes (see objects.ts). */

// ---------------------------------------------------------------------------------------------
// Payments: payment intent, charge, balance transaction

export type PaymentInput = {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  statementDescriptor?: string | null;
  setupFutureUsage?: Stripe.PaymentIntent.SetupFutureUsage | null;
};

export function buildPaymentIntent(input: PaymentInput): Stripe.PaymentIntent {
  const id = newId("pi");
  return overlay<Stripe.PaymentIntent>("payment_intent", {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: `${id}_secret_${randomChars(25)}`,
    confirmation_method: "automatic",
    created: nowSeconds(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: input.setupFutureUsage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: input.statementDescriptor ?? null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  });
}

const DECLINE_MESSAGE = "Your card was declined.";

export function declineError(chargeId: string, paymentMethod: string): Stripe.PaymentIntent.LastPaymentError {
  return {
    charge: chargeId,
    code: "card_declined",
    decline_code: "generic_decline",
    doc_url: "https://stripe.com/docs/error-codes/card-declined",
    message: DECLINE_MESSAGE,
    payment_method_type: "card",
    payment_method: { id: paymentMethod } as Stripe.PaymentMethod,
    type: "card_error",
  };
}

export function buildCharge(input: {
  paymentIntent: Stripe.PaymentIntent;
  paymentMethod: string;
  email: string | null;
  failed?: boolean;
}): Stripe.Charge {
  const pi = input.paymentIntent;
  const failed = input.failed === true;
  const id = newId("ch");
  const base = fixture("charge");
  const card = ((base.payment_method_details as { card?: object } | null)?.card ?? {}) as Stripe.Charge.PaymentMethodDetails.Card;
  const charge = overlay<Stripe.Charge>("charge", {
    id,
    object: "charge",
    amount: pi.amount,
    amount_captured: failed ? 0 : pi.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: { address: { ...TEST_ADDRESS }, email: input.email, name: TEST_NAME, phone: null, tax_id: null },
    calculated_statement_descriptor: "FONDO",
    captured: !failed,
    created: nowSeconds(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failed ? "card_declined" : null,
    failure_message: failed ? DECLINE_MESSAGE : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: failed
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: "generic_decline",
          risk_level: "normal",
          risk_score: 42,
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          risk_score: 42,
          seller_message: "Payment complete.",
          type: "authorized",
        },
    paid: !failed,
    payment_intent: pi.id,
    payment_method: input.paymentMethod,
    payment_method_details: {
      type: "card",
      card: {
        ...card,
        amount_authorized: failed ? null : pi.amount,
        installments: null,
        overcapture: { maximum_amount_capturable: pi.amount, status: "unavailable" },
        three_d_secure: null,
        wallet: null,
      },
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: failed ? null : `https://pay.stripe.com/receipts/payment/${randomChars(80)}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: null,
    status: failed ? "failed" : "succeeded",
    transfer_data: null,
    transfer_group: null,
  });
  // Since API version 2022-11-15 `refunds` is only included when expanded (see expand.ts).
  delete charge.refunds;
  return charge;
}

export function buildBalanceTransaction(input: {
  amount: number;
  fee: number;
  feeDescription: string;
  currency: string;
  source: string;
  type: Stripe.BalanceTransaction.Type;
  reportingCategory: string;
  description: string | null;
}): Stripe.BalanceTransaction {
  const created = nowSeconds();
  return overlay<Stripe.BalanceTransaction>("balance_transaction", {
    id: newId("txn"),
    object: "balance_transaction",
    amount: input.amount,
    available_on: created + 2 * DAY,
    balance_type: "payments",
    created,
    currency: input.currency,
    description: input.description,
    exchange_rate: null,
    fee: input.fee,
    fee_details:
      input.fee === 0
        ? []
        : [{ amount: input.fee, application: null, currency: input.currency, description: input.feeDescription, type: "stripe_fee" }],
    net: input.amount - input.fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: "pending",
    type: input.type,
  });
}

// ---------------------------------------------------------------------------------------------
// Refunds and disputes

export function buildRefund(input: {
  charge: Stripe.Charge;
  amount: number;
  balanceTransaction: string;
  reason: Stripe.Refund.Reason | null;
  metadata: Record<string, string>;
}): Stripe.Refund {
  return overlay<Stripe.Refund>("refund", {
    id: newId("re"),
    object: "refund",
    amount: input.amount,
    balance_transaction: input.balanceTransaction,
    charge: input.charge.id,
    created: nowSeconds(),
    currency: input.charge.currency,
    customer: input.charge.customer,
    customer_account: null,
    destination_details: {
      type: "card",
      card: { reference: randomChars(23), reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
    },
    metadata: input.metadata,
    payment_intent: input.charge.payment_intent,
    payment_method: input.charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  });
}

export function buildDispute(input: { charge: Stripe.Charge; amount: number; reason: string }): Stripe.Dispute {
  const created = nowSeconds();
  const base = fixture("dispute");
  const evidenceDetails = base.evidence_details as unknown as Stripe.Dispute.EvidenceDetails;
  return overlay<Stripe.Dispute>("dispute", {
    id: newId("du"),
    object: "dispute",
    amount: input.amount,
    balance_transactions: [],
    charge: input.charge.id,
    created,
    currency: input.charge.currency,
    enhanced_eligibility_types: [],
    evidence_details: { ...evidenceDetails, due_by: created + 8 * DAY, has_evidence: false, past_due: false, submission_count: 0 },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    network_reason_code: "10.4",
    payment_intent: input.charge.payment_intent,
    payment_method_details: {
      type: "card",
      card: { brand: "visa", case_type: "chargeback", network: "visa", network_reason_code: "10.4" },
    },
    reason: input.reason,
    status: "needs_response",
  });
}
