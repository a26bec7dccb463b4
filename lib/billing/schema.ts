import { z } from "zod";

/** `confirm` switches a live subscription to the other plan; without it the answer is the quote. */
export const CheckoutRequest = z.object({ plan: z.enum(["growth", "pro"]), confirm: z.boolean().optional() }).strict();
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

export const LocalCheckoutRequest = z.union([
  z.object({ plan: z.enum(["growth", "pro"]) }),
  z.object({ action: z.enum(["cancel", "resume", "expire"]) }),
]);
export type LocalCheckoutRequest = z.infer<typeof LocalCheckoutRequest>;
