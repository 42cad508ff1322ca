import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fondo-cli-privacy-")), "pglite");
const v1 = process.env.DATA_ENCRYPTION_KEYS!;
const v2 = `${v1},2:${crypto.randomBytes(32).toString("base64")}`;

function fondo(keys: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, "build/server/cli.js"), ...args], {
    cwd: root,
    env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "development", DATA_ENCRYPTION_KEYS: keys },
    encoding: "utf8",
    timeout: 90_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("the operators' privacy commands", () => {
  it("keys:rotate re-encrypts the demo applications to a new key with progress, then has nothing left to do; retention:purge reports its window", () => {
    const seeded = fondo(v1, "seed");
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toContain("applications in every state");

    const rotated = fondo(v2, "keys:rotate");
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toContain("Re-encrypting to key version 2");
    expect(rotated.out).toMatch(/applicant_identities: (\d+)\/\1/);
    // Users: the demo administrator's and reviewer's two-step secrets (ADR 0021).
    expect(rotated.out).toMatch(/Re-encrypted [1-9]\d* applicant_identities, [1-9]\d* case_messages, \d+ outbox, 2 users to key version 2\./);

    const again = fondo(v2, "keys:rotate");
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain("Re-encrypted 0 applicant_identities, 0 case_messages, 0 outbox, 0 users to key version 2.");

    // Without the new key, the rotated values cannot be read: reported, with a non-zero exit.
    const lost = fondo(`3:${crypto.randomBytes(32).toString("base64")}`, "keys:rotate");
    expect(lost.code).toBe(1);
    expect(lost.err).toContain("its key is not in DATA_ENCRYPTION_KEYS");
    expect(lost.err).toMatch(/\d+ value\(s\) could not be decrypted/);

    const purged = fondo(v2, "retention:purge");
    expect(purged.code, purged.err).toBe(0);
    // The demo's cases ended today: inside the 30-day window, nothing is destroyed yet.
    expect(purged.out).toMatch(/Destroyed the personal data of 0 case\(s\) that ended before .* \(retention: 30 days\)\./);
  }, 300_000);
});
