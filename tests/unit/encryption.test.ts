import crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decrypt, DecryptionError, encrypt, keyVersionOf, parseKeyRing } from "../../app/modules/privacy/encryption.server";

const key = () => crypto.randomBytes(32).toString("base64");

describe("encryption at rest", () => {
  const ring = parseKeyRing(`1:${key()}`);

  it("decrypts what it encrypted, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string(), (plaintext, aad) => {
        expect(decrypt(ring, encrypt(ring, plaintext, aad), aad)).toBe(plaintext);
      }),
      { numRuns: 200 },
    );
  });

  it("never produces the same ciphertext twice for the same text", () => {
    expect(encrypt(ring, "María", "users:1:name")).not.toBe(encrypt(ring, "María", "users:1:name"));
  });

  it("fails closed on a tampered ciphertext", () => {
    const value = encrypt(ring, "secret", "row:1");
    const [version, iv, body] = value.split(".");
    const bytes = Buffer.from(body!, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    expect(() => decrypt(ring, `${version}.${iv}.${bytes.toString("base64url")}`, "row:1")).toThrow(DecryptionError);
    expect(() => decrypt(ring, "garbage", "row:1")).toThrow(DecryptionError);
  });

  it("refuses a ciphertext moved to another row or column", () => {
    const value = encrypt(ring, "secret", "users:1:totp_secret");
    expect(() => decrypt(ring, value, "users:2:totp_secret")).toThrow(DecryptionError);
  });

  it("encrypts with the newest key and still reads values made with older keys", () => {
    const k1 = key();
    const old = parseKeyRing(`1:${k1}`);
    const rotated = parseKeyRing(`1:${k1},2:${key()}`);
    const before = encrypt(old, "text", "aad");
    expect(keyVersionOf(before)).toBe(1);
    expect(decrypt(rotated, before, "aad")).toBe("text");
    expect(keyVersionOf(encrypt(rotated, "text", "aad"))).toBe(2);
    expect(() => decrypt(parseKeyRing(`2:${key()}`), before, "aad")).toThrow(DecryptionError);
  });

  it("rejects malformed key rings", () => {
    expect(() => parseKeyRing("1:short")).toThrow();
    expect(() => parseKeyRing(`x:${key()}`)).toThrow();
  });
});
