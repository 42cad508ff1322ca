import { cardRate, bankOption, giftBounds } from "../donations/donate.server";
import { presetAmounts } from "../donations/pricing";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { supportersWall } from "../donations/wall.server";
import { fundraiserFigures, fundraiserStory, findPublicFundraiser } from "./public.server";
import { publicUrl } from "../http/public-url.server";

/**
 * Everything the public page and the widget show, or null when the page is not public. The
 * widget shows no wall (`wallPage: null`).
 */
export async function loadFundraiserPage(db: Db, slug: string, language: Language, wallPage: number | null = 1) {
  const found = await findPublicFundraiser(db, slug);
  if (!found) return null;
  const { fundraiser: f, campaign } = found;
  const figures = await fundraiserFigures(db, f, campaign);
  return {
    language,
    url: `${publicUrl()}/f/${f.slug}`,
    fundraiser: {
      slug: f.slug,
      title: f.title,
      businessName: f.businessName,
      logoImageId: f.logoImageId,
      story: fundraiserStory(f, language),
      status: f.status,
      startsOn: f.startsOn,
      endsOn: f.endsOn,
      eventOn: f.eventOn,
      eventPlace: f.eventPlace,
    },
    campaign: { slug: campaign.slug, title: language === "es" ? campaign.titleEs : campaign.titleEn },
    figures,
    presets: figures.feeCents ? presetAmounts(figures.feeCents) : [],
    giftBounds: giftBounds(),
    cardRate: cardRate(),
    bank: bankOption(),
    wall: wallPage === null ? null : await supportersWall(db, { fundraiserId: f.id }, wallPage),
  };
}
