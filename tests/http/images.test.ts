import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostProfiles, images, users } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { posterLogo } from "../../app/modules/fundraisers/poster.server";
import { normaliseStoredImages } from "../../app/modules/images/normalise.server";
import { solidPng } from "../support/png-bomb";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
const count = async () => ({ users: (await server.database.db.select().from(users)).length, images: (await server.database.db.select().from(images)).length });

function signUp(logo: Buffer, email: string, language = "en") {
  const form = new FormData();
  form.set("email", email);
  form.set("businessName", "Panadería Sol");
  form.set("contactName", "Marta");
  form.set("logo", new Blob([new Uint8Array(logo)], { type: "image/png" }), "logo.png");
  return new Client(server.url, { "Accept-Language": language }).post("/host", form);
}

describe("uploaded images", () => {
  it("refuses a small file that holds a huge image (15000×15000 px) with a field error, storing nothing", async () => {
    const bomb = solidPng(15_000, 15_000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = await count();
    const response = await signUp(bomb, "bomb@example.org", "es");
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain(html(es.errors.imageDimensions));
    expect(body).toContain('aria-invalid="true"');
    expect(await count()).toEqual(before);
  });

  it("stores a bounded, re-encoded copy of an acceptable image", async () => {
    const response = await signUp(solidPng(2400, 1200), "bakery@example.org");
    expect(response.status).toBe(303);
    const [user] = await server.database.db.select().from(users).where(eq(users.email, "bakery@example.org"));
    const [profile] = await server.database.db.select().from(hostProfiles).where(eq(hostProfiles.userId, user!.id));
    const [image] = await server.database.db.select().from(images).where(eq(images.id, profile!.logoImageId!));
    expect(image!.mimeType).toBe("image/jpeg");
    const meta = await sharp(image!.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1024, 512]);
    const served = await new Client(server.url).get(`/images/${image!.id}`);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
  });

  it("keeps transparency as PNG, and refuses a file that only claims to be an image", async () => {
    const transparent = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    expect((await signUp(transparent, "glass@example.org")).status).toBe(303);
    const [user] = await server.database.db.select().from(users).where(eq(users.email, "glass@example.org"));
    const [profile] = await server.database.db.select().from(hostProfiles).where(eq(hostProfiles.userId, user!.id));
    const [image] = await server.database.db.select().from(images).where(eq(images.id, profile!.logoImageId!));
    expect(image!.mimeType).toBe("image/png");
    // PNG signature, then garbage.
    const broken = Buffer.concat([solidPng(10, 10).subarray(0, 8), Buffer.from("not really a png at all")]);
    const refused = await signUp(broken, "broken@example.org");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(html(en.errors.imageType));
  });

  it("normalises images stored before uploads were bounded; posters draw only bounded copies", async () => {
    const db = server.database.db;
    const [old] = await db.insert(images).values({ mimeType: "image/png", bytes: solidPng(3000, 2000) }).returning();
    expect(await posterLogo(db, old!.id)).toBeNull();
    const first = await normaliseStoredImages(db);
    expect(first.normalised).toBeGreaterThanOrEqual(1);
    const [after] = await db.select().from(images).where(eq(images.id, old!.id));
    const meta = await sharp(after!.bytes).metadata();
    expect([after!.mimeType, meta.width, meta.height]).toEqual(["image/jpeg", 1024, 683]);
    expect(await posterLogo(db, old!.id)).not.toBeNull();
    // Safe to run again: nothing left to do.
    expect((await normaliseStoredImages(db)).normalised).toBe(0);
    // One that is too large to decode safely is listed and left alone.
    const [huge] = await db.insert(images).values({ mimeType: "image/png", bytes: solidPng(15_000, 15_000) }).returning();
    const report = await normaliseStoredImages(db);
    expect(report.unreadable).toContain(huge!.id);
    expect(await posterLogo(db, huge!.id)).toBeNull();
  });
});
