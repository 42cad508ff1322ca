import fc from "fast-check";
import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { sameOriginPath } from "../../app/modules/http/same-origin-path";
import { untrustedProxyWarning } from "../../server/security";

const origin = "https://fondo.example.org";
const judge = (value: unknown) => sameOriginPath(value, origin, "/home");

describe("where a visitor may be sent after signing in", () => {
  it("keeps paths on this site, query and fragment included, percent-encoded", () => {
    expect(judge("/staff/cases?status=all#top")).toBe("/staff/cases?status=all#top");
    expect(judge("/f/café")).toBe("/f/caf%C3%A9");
    expect(judge("/staff/../host")).toBe("/host");
  });

  it("refuses every way browsers turn a path into another site, and anything that is not a path", () => {
    for (const value of [
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "/\v/evil.example",
      "/\f/evil.example",
      "/\u3000/evil.example",
      "/\u00a0/evil.example",
      "/\u2028/evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      // Dot segments that leave "//": found by the property below (seed -1602030489).
      "/.//",
      "/.//evil.example",
      "/a/..//evil.example",
      "https://evil.example/",
      "https://fondo.example.org/staff",
      "javascript:alert(1)",
      "",
      "staff",
      null,
      undefined,
      42,
      `/${"a".repeat(3000)}`,
    ])
      expect(judge(value), JSON.stringify(value)).toBe("/home");
  });

  it("whatever string it is given, answers a same-origin path that is a valid header value", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.webUrl(), fc.webPath()), (value) => {
        const path = judge(value);
        expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
        expect(new URL(path, origin).origin).toBe(origin);
        expect(() => new Headers({ Location: path })).not.toThrow();
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("an unexpected proxy in production", () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as Request;
  const next: NextFunction = () => {};

  it("is warned about once, without the header's value", () => {
    const warnings: string[] = [];
    const middleware = untrustedProxyWarning(true, (m) => warnings.push(m));
    middleware(request({}), {} as Response, next);
    expect(warnings).toHaveLength(0);
    middleware(request({ "x-forwarded-for": "203.0.113.7" }), {} as Response, next);
    middleware(request({ "x-forwarded-for": "203.0.113.8" }), {} as Response, next);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("TRUST_PROXY");
    expect(warnings[0]).not.toContain("203.0.113");
  });

  it("says nothing when disabled (development, or a proxy was named)", () => {
    const warnings: string[] = [];
    untrustedProxyWarning(false, (m) => warnings.push(m))(request({ "x-forwarded-for": "203.0.113.7" }), {} as Response, next);
    expect(warnings).toHaveLength(0);
  });
});
