import type { Db } from "../db/types";
import { dayIn } from "../dates/dates";
import { receiptProps } from "../donations/receipts.server";
import { renderEmail } from "../email/render.server";
import type { Language } from "../i18n/config";
import { getOrganization } from "../organization/organization.server";
import { receiptPdf, statementPdf } from "./documents.server";
import { donorGift, donorGifts } from "./gifts.server";

/** One of this donor's receipts as the emailed HTML, or null when the gift is not theirs. */
export async function donorReceiptHtml(db: Db, email: string, id: string): Promise<string | null> {
  const gift = await donorGift(db, email, id);
  if (!gift) return null;
  const organization = await getOrganization(db);
  const props = receiptProps(organization, gift, gift.succeededAt ?? gift.createdAt);
  return (await renderEmail({ template: "donation-receipt", locale: gift.locale, props })).html;
}

/** One of this donor's receipts as a PDF, or null when the gift is not theirs. */
export async function donorReceiptPdf(db: Db, email: string, id: string): Promise<Buffer | null> {
  const gift = await donorGift(db, email, id);
  if (!gift) return null;
  const organization = await getOrganization(db);
  const listed = (await donorGifts(db, email, organization.timezone)).find((g) => g.id === gift.id);
  if (!listed) return null;
  return receiptPdf(organization, { ...listed, giftCents: gift.amountCents, feeCoverCents: gift.feeCoverCents, donorName: gift.donorName, date: dayIn(gift.succeededAt ?? gift.createdAt, organization.timezone) }, gift.locale);
}

/** A year's statement for this donor as a PDF, or null when there were no gifts that year. */
export async function donorStatementPdf(db: Db, email: string, year: number, lang: Language): Promise<Buffer | null> {
  const organization = await getOrganization(db);
  const gifts = (await donorGifts(db, email, organization.timezone)).filter((g) => g.year === year);
  return gifts.length === 0 ? null : statementPdf(organization, year, email, gifts, lang);
}
