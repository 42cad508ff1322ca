/** An error the fake answers in Stripe's shape: `{ "error": { type, code, message, param } }`. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "idempotency_error" | "api_error" | "card_error",
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, string> } {
    const error: Record<string, string> = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    }
    if (this.param) error.param = this.param;
    return { error };
  }
}

export function invalid(message: string, param?: string, code?: string): never {
  throw new StripeApiError(400, "invalid_request_error", message, code, param);
}

export function missing(type: string, id: string, param = "id"): never {
  throw new StripeApiError(404, "invalid_request_error", `No such ${type}: '${id}'`, "resource_missing", param);
}
