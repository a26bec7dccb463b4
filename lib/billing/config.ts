import { createHmac } from "node:crypto";
import { authMode } from "@/lib/auth/mode";
import { isDemoDeployment } from "@/lib/deployment/is-demo-deployment";
import { authSecret } from "@/lib/auth/local-session";
import { PAID_PLAN_IDS, type PaidPlanId, type PlanId } from "@/lib/catalog";

// Read through an alias so Next never inlines these values at build time.
const env = process.env;

export type PaidPlan = PaidPlanId;

export type CheckoutMode = "lemonsqueezy" | "local" | "off";

/** Variant ids the local checkout uses when no Lemon Squeezy variants are configured. */
const LOCAL_VARIANTS: Record<PaidPlan, string> = { growth: "local-growth", pro: "local-pro" };

/**
 * How plans are sold: through Lemon Squeezy when its API key is set; through the local
 * checkout when sign-in is local too (nobody can pay, and anybody can be anybody already);
 * not at all otherwise, so a production deployment never hands out plans for free.
 */
export function checkoutMode(): CheckoutMode {
  // A demo deployment sells nothing, whatever keys it was given.
  if (isDemoDeployment()) return "local";
  if (env["LEMON_SQUEEZY_API_KEY"]) return "lemonsqueezy";
  if (authMode() === "local") return "local";
  return "off";
}

export function lemonApiKey(): string | undefined {
  return env["LEMON_SQUEEZY_API_KEY"] || undefined;
}

export function lemonStoreId(): string | undefined {
  return env["LEMON_SQUEEZY_STORE_ID"] || undefined;
}

export function lemonBaseUrl(): string | undefined {
  return env["LEMON_SQUEEZY_BASE_URL"] || undefined;
}

/** The variant each paid plan is sold as; local ids stand in when the local checkout sells. */
export function variantOf(plan: PaidPlan): string | undefined {
  const configured = env[`LEMON_SQUEEZY_VARIANT_${plan.toUpperCase()}`];
  if (configured) return configured.trim();
  return checkoutMode() === "local" ? LOCAL_VARIANTS[plan] : undefined;
}

/** The plan a Lemon Squeezy variant sells; a variant we do not sell grants nothing. */
export function planOfVariant(variantId: string | number | null | undefined): PlanId {
  if (variantId === null || variantId === undefined) return "free";
  const id = String(variantId);
  for (const plan of PAID_PLAN_IDS) {
    if (variantOf(plan) === id || LOCAL_VARIANTS[plan] === id) return plan;
  }
  return "free";
}

/**
 * The webhook signing secret. Without one configured, the local checkout signs with a secret
 * derived from the auth secret, so its webhooks take the same verified path as real ones.
 */
export async function webhookSecret(): Promise<string | null> {
  const configured = env["LEMON_SQUEEZY_WEBHOOK_SECRET"];
  if (configured) return configured;
  if (checkoutMode() !== "local") return null;
  return createHmac("sha256", await authSecret()).update("nexora:local-lemon-webhook").digest("hex");
}

