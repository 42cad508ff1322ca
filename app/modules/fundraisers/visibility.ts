import { and, eq, gte, inArray, type SQL } from "drizzle-orm";
import { campaigns, fundraisers } from "../../../db/schema";

/**
 * One rule for what the public may reach, used by the page, the widget, the posters, the QR codes
 * and the host's dashboard links. A page is public when approved (live or not yet started) or
 * ended, and its campaign is one the public may see (published or closed, never a draft). Posters
 * and QR codes are for pages still taking gifts or about to: approved and not past their end date.
 */
const publicFundraiserStatuses = ["approved", "ended"] as const;
const publicCampaignStatuses = ["published", "closed"] as const;

type FundraiserState = { status: string; endsOn: string };
type CampaignState = { status: string };

export function isFundraiserPublic(f: FundraiserState, campaign: CampaignState): boolean {
  return (publicFundraiserStatuses as readonly string[]).includes(f.status) && (publicCampaignStatuses as readonly string[]).includes(campaign.status);
}

export function hasPoster(f: FundraiserState, campaign: CampaignState, on: string): boolean {
  return isFundraiserPublic(f, campaign) && f.status === "approved" && f.endsOn >= on;
}

/** The same rules as SQL, for queries joining fundraisers to campaigns. */
export function publicFundraiserWhere(): SQL {
  return and(inArray(fundraisers.status, [...publicFundraiserStatuses]), inArray(campaigns.status, [...publicCampaignStatuses]))!;
}

export function posterFundraiserWhere(on: string): SQL {
  return and(publicFundraiserWhere(), eq(fundraisers.status, "approved"), gte(fundraisers.endsOn, on))!;
}
