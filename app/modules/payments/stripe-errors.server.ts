import Stripe from "stripe";

/** Stripe answered with an error (or could not be reached): the caller shows a message, never a 500. */
export const isStripeError = (error: unknown): error is Stripe.errors.StripeError => error instanceof Stripe.errors.StripeError;

/** Stripe no longer knows the object named by `param` (deleted, or the keys are another account's). */
export const isResourceMissing = (error: unknown, param?: string): boolean =>
  isStripeError(error) && error.code === "resource_missing" && (param === undefined || error.param === param);
