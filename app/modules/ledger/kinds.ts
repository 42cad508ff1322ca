import { ledgerTransactionKind } from "../../../db/schema/enums";

export const transactionKinds = ledgerTransactionKind.enumValues;
export type TransactionKind = (typeof transactionKinds)[number];
