import { inArray } from "drizzle-orm";
import { campaigns, type donations } from "../../../db/schema";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import type { Organization } from "../organization/organization.server";
import { consumeRateLimit, rules } from "../rate-limit/rate-limit.server";

type Donation = typeof donations.$inferSelect;

/**
 * Tells the person a donor named that a gift was made in someone's honor or memory: called where
 * a gift is recorded as succeeded (the webhook path), in the same transaction, so never before the
 * money is confirmed and never for a failed payment. Once per gift (`tribute/<donation id>`), in
 * the language the donor chose, from a fixed template; a recipient gets at most a few a day, so
 * the form cannot be used to flood an inbox.
 */
export async function queueTributeNotices(tx: Db, organization: Organization, gifts: Donation[]): Promise<void> {
  const notices = gifts.filter((d) => d.tributeKind && d.tributeName && d.tributeNotifyEmail);
  if (notices.length === 0) return;
  const titles = await tx
    .select({ id: campaigns.id, en: campaigns.titleEn, es: campaigns.titleEs })
    .from(campaigns)
    .where(inArray(campaigns.id, [...new Set(notices.map((d) => d.campaignId))]));
  for (const d of notices) {
    if (!d.tributeKind || !d.tributeName || !d.tributeNotifyEmail) continue;
    const locale = d.tributeLocale ?? d.locale;
    const title = titles.find((c) => c.id === d.campaignId);
    if (!(await consumeRateLimit(tx, rules.tributePerRecipient, d.tributeNotifyEmail)).allowed) continue;
    await enqueueEmail(tx, {
      template: "tribute-notice",
      to: d.tributeNotifyEmail,
      locale,
      idempotencyKey: `tribute/${d.id}`,
      props: {
        organizationName: organization.name,
        kind: d.tributeKind,
        honoreeName: d.tributeName,
        recipientName: d.tributeNotifyName,
        donorName: d.donorName,
        message: d.tributeMessage,
        amountCents: d.tributeShowAmount ? d.amountCents : null,
        monthly: d.frequency === "monthly",
        campaignTitle: (locale === "es" ? title?.es : title?.en) ?? "",
      },
    });
  }
}
