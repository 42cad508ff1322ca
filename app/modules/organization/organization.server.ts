import { eq } from "drizzle-orm";
import { images, organization } from "../../../db/schema";
import { DEFAULT_TIME_ZONE } from "../dates/dates";
import type { Db } from "../db/types";
import type { OrganizationInput } from "./schema";

export type Organization = typeof organization.$inferSelect;

const DEFAULT_NAME = "Fondo";

/** The organization's settings; a neutral default until an admin fills them in. */
export async function getOrganization(db: Db): Promise<Organization> {
  const [row] = await db.select().from(organization).where(eq(organization.id, 1));
  if (row) return row;
  const now = new Date();
  return {
    id: 1,
    name: DEFAULT_NAME,
    ein: null,
    addressLine1: null,
    addressLine2: null,
    city: null,
    region: null,
    postalCode: null,
    country: "US",
    contactEmail: null,
    collectANumber: false,
    collectDateOfBirth: false,
    caseRetentionDays: 30,
    noNewsDays: 180,
    paidNotFiledDays: 14,
    fundedNotPaidDays: 14,
    refileWindowDays: 60,
    issuingEnabled: false,
    issuingCardholderId: null,
    timezone: DEFAULT_TIME_ZONE,
    logoImageId: null,
    createdAt: now,
    updatedAt: now,
  };
}

export async function saveOrganization(
  db: Db,
  input: Omit<OrganizationInput, "removeLogo" | "collectANumber" | "collectDateOfBirth" | "caseRetentionDays" | "noNewsDays" | "paidNotFiledDays" | "fundedNotPaidDays" | "refileWindowDays"> &
    Partial<Pick<OrganizationInput, "collectANumber" | "collectDateOfBirth" | "caseRetentionDays" | "noNewsDays" | "paidNotFiledDays" | "fundedNotPaidDays" | "refileWindowDays">> & { logo?: { mimeType: string; bytes: Buffer } | null; dropLogo?: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    let logoImageId: string | null | undefined;
    if (input.logo) {
      const [image] = await tx.insert(images).values(input.logo).returning({ id: images.id });
      logoImageId = image!.id;
    } else if (input.dropLogo) {
      logoImageId = null;
    }
    const values = {
      name: input.name,
      ein: input.ein ?? null,
      addressLine1: input.addressLine1 ?? null,
      addressLine2: input.addressLine2 ?? null,
      city: input.city ?? null,
      region: input.region ?? null,
      postalCode: input.postalCode ?? null,
      contactEmail: input.contactEmail ?? null,
      timezone: input.timezone,
      ...(logoImageId !== undefined ? { logoImageId } : {}),
      ...(input.collectANumber !== undefined ? { collectANumber: input.collectANumber } : {}),
      ...(input.collectDateOfBirth !== undefined ? { collectDateOfBirth: input.collectDateOfBirth } : {}),
      ...(input.caseRetentionDays !== undefined ? { caseRetentionDays: input.caseRetentionDays } : {}),
      ...(input.noNewsDays !== undefined ? { noNewsDays: input.noNewsDays } : {}),
      ...(input.paidNotFiledDays !== undefined ? { paidNotFiledDays: input.paidNotFiledDays } : {}),
      ...(input.fundedNotPaidDays !== undefined ? { fundedNotPaidDays: input.fundedNotPaidDays } : {}),
      ...(input.refileWindowDays !== undefined ? { refileWindowDays: input.refileWindowDays } : {}),
      updatedAt: new Date(),
    };
    await tx
      .insert(organization)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: organization.id, set: values });
  });
}
