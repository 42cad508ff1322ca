import { z } from "zod";

export const issuingSettingsSchema = z.object({ enabled: z.enum(["on"]).optional() });

export const caseCardActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("card-create") }),
  // Stripe.js makes the nonce in the page (Issuing Elements); the demo stand-in makes a random one.
  z.object({ intent: z.literal("card-reveal"), nonce: z.string().regex(/^[A-Za-z0-9_\-.]{8,200}$/) }),
]);
