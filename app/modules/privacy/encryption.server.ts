import crypto from "node:crypto";

/**
 * AES-256-GCM with a versioned key ring. Ciphertext format: `v<version>.<iv>.<ciphertext+tag>`
 * (base64url). Associated data binds a ciphertext to its row and column, so a value copied to
 * another row fails to decrypt.
 */
export type KeyRing = { current: number; keys: Map<number, Buffer> };

export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<number, Buffer>();
  for (const pair of spec.split(",")) {
    const [version, key] = pair.split(":");
    const buffer = Buffer.from(key ?? "", "base64");
    if (!/^\d+$/.test(version ?? "") || buffer.length !== 32) throw new Error("Invalid DATA_ENCRYPTION_KEYS entry");
    keys.set(Number(version), buffer);
  }
  if (keys.size === 0) throw new Error("DATA_ENCRYPTION_KEYS is empty");
  return { current: Math.max(...keys.keys()), keys };
}

export class DecryptionError extends Error {
  constructor() {
    super("Encrypted value could not be decrypted");
  }
}

export function encrypt(ring: KeyRing, plaintext: string, associatedData: string): string {
  const key = ring.keys.get(ring.current)!;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v${ring.current}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

export function decrypt(ring: KeyRing, value: string, associatedData: string): string {
  const match = /^v(\d+)\.([\w-]+)\.([\w-]+)$/.exec(value);
  const key = match ? ring.keys.get(Number(match[1])) : undefined;
  if (!match || !key) throw new DecryptionError();
  try {
    const iv = Buffer.from(match[2]!, "base64url");
    const body = Buffer.from(match[3]!, "base64url");
    if (iv.length !== 12 || body.length < 16) throw new DecryptionError();
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError();
  }
}

export function keyVersionOf(value: string): number | null {
  const match = /^v(\d+)\./.exec(value);
  return match ? Number(match[1]) : null;
}
