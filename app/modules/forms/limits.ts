/**
 * What one form post may hold (docs/security.md). The Node server refuses bodies over the byte
 * caps before reading them; readForm checks them again so the app is safe behind any server.
 */
export const FORM_LIMITS = {
  /** A form without a file. */
  formBytes: 256 * 1024,
  /** A form with one image (1 MB) and its other fields. */
  uploadBytes: 1536 * 1024,
  /** Fields in one post; Fondo's longest form has about 40. */
  fields: 200,
  nameLength: 100,
  /** Highest list index (`lines[49]`); lists hold at most 6 entries. */
  listIndex: 49,
  /** Shown in the refusal messages. */
  messageParams: { formKb: 256, fields: 200, items: 50 },
} as const;
