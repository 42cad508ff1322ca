import { z } from "zod";
import { email, msg, optionalText } from "../forms/fields";

export const signInSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("link"), email: email(), redirectTo: z.string().optional() }),
  z.object({
    intent: z.literal("password"),
    email: email(),
    password: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(200),
    redirectTo: z.string().optional(),
  }),
]);

export const totpCodeSchema = z.object({
  code: z
    .string({ required_error: "errors.required" })
    .trim()
    .transform((v) => v.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "errors.totpFormat")),
});

export const enableTotpSchema = totpCodeSchema.extend({ secret: z.string().regex(/^[A-Z2-7]{32}$/) });

export const inviteSchema = z.object({
  email: email(),
  displayName: optionalText(100),
  role: z.enum(["admin", "reviewer"], { errorMap: () => ({ message: "errors.choose" }) }),
  locale: z.enum(["en", "es"], { errorMap: () => ({ message: "errors.choose" }) }),
});

export const userActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), role: z.enum(["admin", "reviewer"], { errorMap: () => ({ message: "errors.choose" }) }) }),
  z.object({ intent: z.literal("disable") }),
  z.object({ intent: z.literal("enable") }),
]);

export const passwordSchema = z
  .object({
    password: z
      .string({ required_error: "errors.required" })
      .min(12, msg("errors.tooShort", { min: 12 }))
      .max(200, msg("errors.tooLong", { max: 200 })),
    confirm: z.string({ required_error: "errors.required" }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "errors.passwordsDiffer" });
