import { decrypt, encrypt } from "../privacy/encryption.server";
import { getKeyRing } from "../privacy/key-ring.server";

/**
 * Outbox rows addressed to applicants are sealed (DESIGN §3): the address and the props are
 * ciphertext bound to the row (`outbox:<id>:to_address`, `outbox:<id>:props`), opened only by
 * the sender (and the development outbox), and erased once the email is sent or given up on.
 */
type Row = { id: string; sealed: boolean; toAddress: string; props: Record<string, unknown> };

export const outboxAad = (id: string, column: "to_address" | "props") => `outbox:${id}:${column}`;

export function sealOutboxValues(id: string, to: string, props: Record<string, unknown>) {
  const ring = getKeyRing();
  return {
    sealed: true,
    toAddress: encrypt(ring, to, outboxAad(id, "to_address")),
    props: { sealed: encrypt(ring, JSON.stringify(props), outboxAad(id, "props")) },
  };
}

/** What a sealed row is once delivered: nothing identifying is left. */
export const erasedOutboxValues = { toAddress: "", props: {} };

export function isErased(row: Row): boolean {
  return row.sealed && typeof row.props.sealed !== "string";
}

/** The row with its address and props in clear; throws DecryptionError on tampering or when erased. */
export function openOutboxRow<R extends Row>(row: R): R {
  if (!row.sealed) return row;
  const ring = getKeyRing();
  const sealedProps = typeof row.props.sealed === "string" ? row.props.sealed : "";
  return {
    ...row,
    toAddress: decrypt(ring, row.toAddress, outboxAad(row.id, "to_address")),
    props: JSON.parse(decrypt(ring, sealedProps, outboxAad(row.id, "props"))) as Record<string, unknown>,
  };
}

/** Re-encrypts a waiting sealed row with the newest key (key rotation); null when erased. */
export function resealOutboxRow(row: Row): { toAddress: string; props: Record<string, unknown> } | null {
  if (!row.sealed || isErased(row)) return null;
  const open = openOutboxRow(row);
  const { toAddress, props } = sealOutboxValues(row.id, open.toAddress, open.props);
  return { toAddress, props };
}
