export const transactionKinds = [
  "donation",
  "processing_fee",
  "allocation",
  "release",
  "disbursement",
  "fee_returned",
  "refund",
  "dispute",
  "dispute_won",
  "match_pledged",
  "match_paid",
  "transfer",
] as const;
export type TransactionKind = (typeof transactionKinds)[number];
