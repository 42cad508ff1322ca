/** A movement the ledger refuses; `code` is stable for callers, `messageKey` is for people. */
export class LedgerError extends Error {
  constructor(
    readonly code:
      | "insufficient_funds"
      | "reserve_outstanding"
      | "not_approved"
      | "not_funded"
      | "amount_mismatch"
      | "invalid_amount"
      | "not_found"
      | "already_returned"
      | "same_campaign"
      | "short"
      | "refile_window_passed"
      | "not_returned",
    readonly messageKey = `ledger.errors.${code}`,
  ) {
    super(code);
  }
}

export type Posted = { transactionId: number; duplicate: boolean };
