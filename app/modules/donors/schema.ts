import { z } from "zod";
import { dollarsToCents, email } from "../forms/fields";
import type { MoneyBounds } from "../money/parse";

export const requestLinkSchema = z.object({ intent: z.literal("request-link"), email: email() });

const gift = { donationId: z.string().uuid(), key: z.string().uuid() };
const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());

/** What a signed-in donor can do on /donor; every action naming a gift is checked against the session's address. */
export const donorActionSchema = (bounds: MoneyBounds) =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("pause"), ...gift }),
    z.object({ intent: z.literal("resume"), ...gift }),
    z.object({ intent: z.literal("cancel"), ...gift }),
    z.object({ intent: z.literal("amount"), ...gift, amount: dollarsToCents(bounds) }),
    z.object({ intent: z.literal("preferences"), impactEmails: checkbox, campaignUpdates: checkbox }),
    z.object({ intent: z.literal("sign-out") }),
  ]);
