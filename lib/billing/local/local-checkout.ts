import "server-only";
import { randomInt } from "node:crypto";
import type { Db } from "@/lib/db/types";
import type { CurrentUser } from "@/lib/auth/current-user";
import { PLANS } from "@/lib/catalog";
import { getAccountOrThrow } from "@/lib/credits/account";
import { ApiError } from "@/lib/http/api-error";
import { checkoutMode, variantOf, webhookSecret, type PaidPlan } from "../config";
import { isLive } from "../../credits/effective-plan";
import { currentSubscription } from "../current-subscription";
import type { SubscriptionRow } from "@/lib/db/functions/credits";
import { quoteChange } from "../quote-plan-change";
import { signWebhookBody } from "../lemon/webhook-signature";

export type LocalPortalAction = "cancel" | "resume" | "expire";

type Webhook = { meta: Record<string, unknown>; data: { type: string; id: string; attributes: Record<string, unknown> } };

const STORE_ID = 1;
const lemonId = () => randomInt(10_000_000, 99_999_999);
const day = 24 * 60 * 60 * 1000;

function requireLocalCheckout() {
  if (checkoutMode() !== "local") throw new ApiError("not_found", "The local checkout is only available without Lemon Squeezy.");
}

/** A subscription object with the attributes Lemon Squeezy documents, for our own webhooks. */
function subscriptionObject(s: Omit<SubscriptionRow, "user_id" | "portal_url" | "source_updated_at">, user: CurrentUser, origin: string, now: string) {
  const plan = PLANS[s.plan];
  return {
    type: "subscriptions",
    id: s.subscription_id,
    attributes: {
      store_id: STORE_ID,
      customer_id: Number(s.customer_id),
      order_id: Number(s.order_id),
      order_item_id: Number(s.order_id),
      product_id: 1,
      variant_id: s.variant_id,
      product_name: "Nexora Studio",
      variant_name: plan.name,
      user_name: user.name ?? user.email ?? "Local user",
      user_email: user.email,
      status: s.status,
      status_formatted: s.status.replace(/^./, (c) => c.toUpperCase()).replace("_", " "),
      card_brand: "visa",
      card_last_four: "4242",
      pause: null,
      cancelled: s.status === "cancelled",
      trial_ends_at: s.trial_ends_at,
      billing_anchor: new Date(now).getUTCDate(),
      urls: {
        update_payment_method: `${origin}/billing/local-portal`,
        customer_portal: `${origin}/billing/local-portal`,
        customer_portal_update_subscription: `${origin}/billing/local-portal`,
      },
      renews_at: s.renews_at,
      ends_at: s.ends_at,
      created_at: now,
      updated_at: now,
      test_mode: true,
    },
  };
}

function invoiceObject(
  subscription: { subscription_id: string; customer_id: string | null; plan: PaidPlan },
  user: CurrentUser,
  reason: string,
  now: string,
  cents = PLANS[subscription.plan].priceUsdMonthly * 100,
) {
  const id = String(lemonId());
  return {
    type: "subscription-invoices",
    id,
    attributes: {
      store_id: STORE_ID,
      subscription_id: Number(subscription.subscription_id),
      customer_id: Number(subscription.customer_id),
      user_name: user.name ?? user.email ?? "Local user",
      user_email: user.email,
      billing_reason: reason,
      card_brand: "visa",
      card_last_four: "4242",
      currency: "USD",
      currency_rate: "1.00000000",
      status: "paid",
      status_formatted: "Paid",
      refunded: false,
      refunded_at: null,
      subtotal: cents,
      discount_total: 0,
      tax: 0,
      total: cents,
      subtotal_usd: cents,
      discount_total_usd: 0,
      tax_usd: 0,
      total_usd: cents,
      refunded_amount: 0,
      refunded_amount_usd: 0,
      urls: { invoice_url: null },
      created_at: now,
      updated_at: now,
      test_mode: true,
    },
  };
}

/** Signs and posts one event to our own webhook endpoint, exactly as Lemon Squeezy would. */
async function deliver(origin: string, eventName: string, userId: string, data: Webhook["data"]) {
  const secret = await webhookSecret();
  if (!secret) throw new ApiError("service_unavailable", "No webhook secret to sign the local checkout with.");
  const body = JSON.stringify({
    meta: { test_mode: true, event_name: eventName, webhook_id: crypto.randomUUID(), custom_data: { user_id: userId } },
    data,
  } satisfies Webhook);
  const res = await fetch(`${origin}/api/webhooks/lemon`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-event-name": eventName, "x-signature": signWebhookBody(body, secret) },
    body,
    cache: "no-store",
  });
  if (!res.ok) {
    throw new ApiError("internal_error", `The local ${eventName} webhook was refused (${res.status}).`, undefined, {
      cause: await res.text().catch(() => ""),
    });
  }
}

/**
 * "Pay" on the local checkout: the events Lemon Squeezy sends for a purchase (or a plan change
 * of the live subscription) go through our real webhook endpoint, so the plan and credits
 * change by the production path.
 */
export async function completeLocalCheckout(db: Db, user: CurrentUser, plan: PaidPlan, origin: string) {
  requireLocalCheckout();
  const account = await getAccountOrThrow(db, user.id);
  const current = currentSubscription(account);
  const live = current && isLive(current) ? current : null;
  if (live?.plan === plan) throw new ApiError("conflict", `You are already on ${PLANS[plan].name}.`, { plan });

  const now = new Date();
  const stamp = now.toISOString();
  const variant = variantOf(plan)!;
  if (live) {
    // As Lemon Squeezy does on a plan change: the subscription switches at once; an upgrade is
    // invoiced now for the rest of the period (billing_reason "updated"), a downgrade is not.
    const change = await quoteChange(db, user.id, live, plan, now.getTime());
    const changed = { ...live, variant_id: variant, plan, status: "active", ends_at: null };
    await deliver(origin, "subscription_updated", user.id, subscriptionObject(changed, user, origin, stamp));
    if (change.direction === "upgrade" && change.chargeNowCents > 0) {
      await deliver(origin, "subscription_payment_success", user.id, invoiceObject({ ...changed, plan }, user, "updated", stamp, change.chargeNowCents));
    }
  } else {
    const orderId = String(lemonId());
    const subscription = {
      subscription_id: String(lemonId()),
      customer_id: String(lemonId()),
      order_id: orderId,
      variant_id: variant,
      plan,
      status: "active",
      renews_at: new Date(now.getTime() + 30 * day).toISOString(),
      ends_at: null,
      trial_ends_at: null,
    };
    const cents = PLANS[plan].priceUsdMonthly * 100;
    await deliver(origin, "order_created", user.id, {
      type: "orders",
      id: orderId,
      attributes: {
        store_id: STORE_ID,
        customer_id: Number(subscription.customer_id),
        identifier: crypto.randomUUID(),
        order_number: Number(orderId),
        user_name: user.name ?? user.email ?? "Local user",
        user_email: user.email,
        currency: "USD",
        status: "paid",
        status_formatted: "Paid",
        refunded: false,
        refunded_at: null,
        subtotal: cents,
        total: cents,
        refunded_amount: 0,
        first_order_item: { order_id: Number(orderId), variant_id: variant, product_name: "Nexora Studio", variant_name: PLANS[plan].name, price: cents, test_mode: true },
        created_at: stamp,
        updated_at: stamp,
        test_mode: true,
      },
    });
    await deliver(origin, "subscription_created", user.id, subscriptionObject(subscription, user, origin, stamp));
    await deliver(origin, "subscription_payment_success", user.id, invoiceObject(subscription, user, "initial", stamp));
  }
  return getAccountOrThrow(db, user.id);
}

const PORTAL_EVENTS: Record<LocalPortalAction, string> = {
  cancel: "subscription_cancelled",
  resume: "subscription_resumed",
  expire: "subscription_expired",
};

/** The local stand-in for the customer portal: cancel, resume or end the subscription now. */
export async function changeLocalSubscription(db: Db, user: CurrentUser, action: LocalPortalAction, origin: string) {
  requireLocalCheckout();
  const current = currentSubscription(await getAccountOrThrow(db, user.id));
  if (!current || current.plan === "free") throw new ApiError("not_found", "You have no subscription yet.");
  const now = new Date().toISOString();
  const next =
    action === "cancel"
      ? { status: "cancelled", ends_at: current.renews_at ?? now }
      : action === "resume"
        ? { status: "active", ends_at: null }
        : { status: "expired", ends_at: now };
  const subscription = { ...current, ...next };
  await deliver(origin, PORTAL_EVENTS[action], user.id, subscriptionObject(subscription, user, origin, now));
  return getAccountOrThrow(db, user.id);
}
