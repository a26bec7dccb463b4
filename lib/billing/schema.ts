import { z } from "zod";

export const CheckoutRequest = z.object({ plan: z.enum(["growth", "pro"]) });
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

export const LocalCheckoutRequest = z.union([
  z.object({ plan: z.enum(["growth", "pro"]) }),
  z.object({ action: z.enum(["cancel", "resume", "expire"]) }),
]);
export type LocalCheckoutRequest = z.infer<typeof LocalCheckoutRequest>;
