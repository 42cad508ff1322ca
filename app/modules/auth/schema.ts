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

/** Who is changing the password proves it is still them: the current password, or a fresh two-step code. */
const proof = {
  currentPassword: z.string().max(200).optional(),
  code: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "errors.totpFormat"))
    .optional(),
};

export const accountPasswordSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("set-password"),
    ...proof,
    password: z
      .string({ required_error: "errors.required" })
      .min(12, msg("errors.tooShort", { min: 12 }))
      .max(200, msg("errors.tooLong", { max: 200 })),
    confirm: z.string({ required_error: "errors.required" }),
  }),
  z.object({ intent: z.literal("remove-password"), ...proof }),
]).superRefine((v, ctx) => {
  if (v.intent === "set-password" && v.password !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "errors.passwordsDiffer" });
});
