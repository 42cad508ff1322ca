import { and, eq } from "drizzle-orm";
import { isNormalised } from "../images/normalise.server";
import { campaigns, fundraisers, images } from "../../../db/schema";
import { campaignFeeCents, type Campaign } from "../campaigns/campaigns.server";
import type { Db } from "../db/types";
import { i18nServer } from "../i18n/i18n.server";
import { organizationToday } from "../organization/clock.server";
import { getOrganization } from "../organization/organization.server";
import { posterLanguageList, type PosterLanguage, type PosterOptions } from "./poster-options";
import { matchStatus } from "./match.server";
import { renderPosterPdf } from "./poster-pdf.server";
import { posterText, type PosterText } from "./poster-text";
import { posterFundraiserWhere } from "./visibility";
import { publicUrl } from "../http/public-url.server";

export type Fundraiser = typeof fundraisers.$inferSelect;

/**
 * A fundraiser with a poster (see visibility.ts): approved, not past its end date, for a campaign
 * the public may see. Drafts, pages in review, rejected and ended pages are not found.
 */
export async function findPublicFundraiserBySlug(
  db: Db,
  slug: string,
  on?: string,
): Promise<{ fundraiser: Fundraiser; campaign: Campaign } | undefined> {
  const [row] = await db
    .select({ fundraiser: fundraisers, campaign: campaigns })
    .from(fundraisers)
    .innerJoin(campaigns, eq(campaigns.id, fundraisers.campaignId))
    .where(and(eq(fundraisers.slug, slug), posterFundraiserWhere(on ?? (await organizationToday(db)))));
  return row;
}

/** The page a poster's QR code opens: absolute, from APP_URL. */
export function fundraiserUrl(slug: string): string {
  return `${publicUrl()}/f/${encodeURIComponent(slug)}`;
}

/** The same address to type by hand: no scheme, no "www.". */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, "").replace(/^www\./, "");
}

export type PosterFacts = {
  slug: string;
  businessName: string;
  title: string;
  goalFees: number;
  /** goalFees × the campaign's fee today; null while the campaign has no fee in force. */
  goalCents: number | null;
  startsOn: string;
  endsOn: string;
  url: string;
  shortUrl: string;
  campaignTitle: { en: string; es: string };
  organizationName: string;
  logoImageId: string | null;
  /** The host's match pledge while it still runs (the poster outlives the day it is printed). */
  match: { businessName: string; capCents: number; startsOn: string; endsOn: string; started: boolean } | null;
};

/** The absolute URL a QR code opens, or a 404 for a fundraiser the public may not see. */
export async function publicFundraiserUrlOr404(db: Db, slug: string | undefined): Promise<string> {
  const found = slug ? await findPublicFundraiserBySlug(db, slug) : undefined;
  if (!found) throw new Response("Not found", { status: 404 });
  return fundraiserUrl(found.fundraiser.slug);
}

/** Everything a poster prints, or a 404 for a fundraiser the public may not see. */
export async function posterFactsOr404(db: Db, slug: string | undefined): Promise<PosterFacts> {
  const found = slug ? await findPublicFundraiserBySlug(db, slug) : undefined;
  if (!found) throw new Response("Not found", { status: 404 });
  const { fundraiser, campaign } = found;
  const on = await organizationToday(db);
  const [feeCents, organization] = await Promise.all([campaignFeeCents(db, campaign, on), getOrganization(db)]);
  const url = fundraiserUrl(fundraiser.slug);
  const match = matchStatus(fundraiser, on);
  return {
    slug: fundraiser.slug,
    businessName: fundraiser.businessName,
    title: fundraiser.title,
    goalFees: fundraiser.goalFees,
    goalCents: feeCents === null ? null : fundraiser.goalFees * feeCents,
    startsOn: fundraiser.startsOn,
    endsOn: fundraiser.endsOn,
    url,
    shortUrl: shortUrl(url),
    campaignTitle: { en: campaign.titleEn, es: campaign.titleEs },
    organizationName: organization.name,
    logoImageId: fundraiser.logoImageId,
    match:
      match.pledged && match.endsOn >= on && match.remainingCents > 0
        ? { businessName: fundraiser.businessName, capCents: match.capCents, startsOn: match.startsOn, endsOn: match.endsOn, started: match.startsOn <= on }
        : null,
  };
}

/**
 * The host's logo, drawn only from a normalised copy (PNG or JPEG of at most 1024 px): an image
 * stored before uploads were bounded waits for `images:normalize` and the poster goes without it.
 */
export async function posterLogo(db: Db, imageId: string | null): Promise<Buffer | null> {
  if (!imageId) return null;
  const [image] = await db
    .select({ bytes: images.bytes, mimeType: images.mimeType })
    .from(images)
    .where(eq(images.id, imageId));
  return image && (await isNormalised(image)) ? image.bytes : null;
}

/** The printed words in each language the host chose, English first. */
export async function posterTexts(facts: PosterFacts, language: PosterLanguage): Promise<PosterText[]> {
  return Promise.all(posterLanguageList(language).map(async (l) => posterText(await i18nServer.getFixedT(l), facts, l)));
}

/** The poster as a PDF download, with a filename that says what it is. */
export async function posterPdf(db: Db, facts: PosterFacts, options: PosterOptions): Promise<{ filename: string; bytes: Buffer }> {
  const [texts, logo] = await Promise.all([posterTexts(facts, options.language), posterLogo(db, facts.logoImageId)]);
  const bytes = await renderPosterPdf(
    {
      businessName: facts.businessName,
      title: facts.title,
      url: facts.url,
      shortUrl: facts.shortUrl,
      texts,
      logo,
      organizationName: facts.organizationName,
    },
    options.size,
  );
  const safeSlug = facts.slug.replace(/[^a-zA-Z0-9-]/g, "-");
  return { filename: `poster-${safeSlug}-${options.size}-${options.language}.pdf`, bytes };
}
