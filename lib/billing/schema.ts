import { z } from "zod";
import { PAID_PLAN_IDS } from "@/lib/catalog";

/** `confirm` switches a live subscription to the other plan; without it the answer is the quote. */
export const CheckoutRequest = z.object({ plan: z.enum(PAID_PLAN_IDS), confirm: z.boolean().optional() }).strict();
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

export const LocalCheckoutRequest = z.union([
  z.object({ plan: z.enum(PAID_PLAN_IDS) }),
  z.object({ action: z.enum(["cancel", "resume", "expire"]) }),
]);
export type LocalCheckoutRequest = z.infer<typeof LocalCheckoutRequest>;
