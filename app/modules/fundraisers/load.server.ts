import { z } from "zod";
import { requireHost } from "../auth/guards.server";
import { campaignFeeCents } from "../campaigns/campaigns.server";
import { getDb } from "../db/index.server";
import type { Language } from "../i18n/config";
import { campaignsOpenToHosts, findHostFundraiser, type Fundraiser } from "./fundraisers.server";

const idParam = z.string().uuid();

/**
 * The signed-in host and one of THEIR fundraisers. Another host's page, a malformed id and a
 * missing page all answer 404 alike, so ids cannot be probed.
 */
export async function requireOwnFundraiser(request: Request, id: string | undefined) {
  const session = await requireHost(request);
  const parsed = idParam.safeParse(id);
  const fundraiser = parsed.success ? await findHostFundraiser(getDb(), { hostUserId: session.user.id, id: parsed.data }) : undefined;
  if (!fundraiser) throw new Response("Not found", { status: 404 });
  return { session, fundraiser };
}

/** The campaigns a host can choose, with the fee that turns the goal into money. */
export async function campaignChoices(language: Language) {
  const db = getDb();
  const rows = await campaignsOpenToHosts(db);
  return Promise.all(rows.map(async (c) => ({ id: c.id, title: language === "es" ? c.titleEs : c.titleEn, feeCents: await campaignFeeCents(db, c) })));
}

/** The form's values for an existing page (a pending story revision when there is one). */
export function formValues(f: Fundraiser): Record<string, string> {
  // A revision may be only a new business name or logo: then there is no pending story.
  const pending = f.revisionStatus !== null && f.pendingTitle !== null;
  return {
    campaignId: f.campaignId,
    title: pending ? (f.pendingTitle ?? f.title) : f.title,
    slug: f.slug,
    storyEn: (pending ? f.pendingStoryEn : f.storyEn) ?? "",
    storyEs: (pending ? f.pendingStoryEs : f.storyEs) ?? "",
    goalFees: String(f.goalFees),
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    eventOn: f.eventOn ?? "",
    eventPlace: f.eventPlace ?? "",
    matchCap: f.matchCapCents ? (f.matchCapCents / 100).toFixed(2) : "",
    matchStartsOn: f.matchStartsOn ?? "",
    matchEndsOn: f.matchEndsOn ?? "",
  };
}
