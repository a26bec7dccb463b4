import { describe, expect, it } from "vitest";
import { invoiceObject, orderObject, signBody, subscriptionObject, VARIANTS } from "../fakes/lemonsqueezy-payloads";
import { at, LEMON_ENV } from "./lemon-test-kit";
import { verifyWebhookSignature } from "@/lib/billing/lemon/webhook-signature";
import { dedupeKeyOf, LemonWebhook } from "@/lib/billing/lemon/lemon-payload";
import { readLemonEvent } from "@/lib/billing/events";
import { planOfVariant } from "@/lib/billing/config";
import { effectivePlan, grantsAccess } from "@/lib/credits/effective-plan";

Object.assign(process.env, LEMON_ENV);

const event = (name: string, data: unknown, userId: string | null = "u1") =>
  LemonWebhook.parse({ meta: { event_name: name, ...(userId ? { custom_data: { user_id: userId } } : {}) }, data });

describe("webhook signature", () => {
  const body = '{"meta":{"event_name":"order_created"}}';
  const good = signBody(body, "s3cret-value");

  it("accepts the exact hex HMAC in either case and nothing else", () => {
    expect(verifyWebhookSignature(body, good, "s3cret-value")).toBe(true);
    expect(verifyWebhookSignature(body, good.toUpperCase(), "s3cret-value")).toBe(true);
    for (const bad of [null, "", good.slice(0, 63), good.slice(0, 2), `${good}0`, `${good}zz`, "zz".repeat(32), signBody(body, "other")]) {
      expect(verifyWebhookSignature(body, bad, "s3cret-value")).toBe(false);
    }
    expect(verifyWebhookSignature(`${body} `, good, "s3cret-value")).toBe(false);
  });
});

describe("dedupe keys", () => {
  it("names a payment once per invoice, and other events by object and updated_at", () => {
    const pay = invoiceObject({ id: "77", subscriptionId: "5" });
    expect(dedupeKeyOf(event("subscription_payment_success", pay))).toBe("subscription_payment_success:invoice:77");
    expect(dedupeKeyOf(event("subscription_payment_success", { ...pay, attributes: { ...pay.attributes, updated_at: at(9) } }))).toBe(
      "subscription_payment_success:invoice:77",
    );
    const sub = subscriptionObject({ id: "5", variantId: VARIANTS.pro, status: "active", updatedAt: at(1) });
    expect(dedupeKeyOf(event("subscription_updated", sub))).toBe(`subscription_updated:subscriptions:5:${at(1)}`);
  });
});

describe("reading events", () => {
  it("maps a subscription object to our row, plan from the variant", () => {
    const outcome = readLemonEvent(event("subscription_created", subscriptionObject({ id: "5", variantId: VARIANTS.growth, status: "on_trial", trialEndsAt: at(60), updatedAt: at(1) })));
    expect(outcome).toMatchObject({
      apply: {
        user_id: "u1",
        subscription: { subscription_id: "5", variant_id: VARIANTS.growth, plan: "growth", status: "on_trial", customer_id: "5001", order_id: "7001" },
      },
    });
  });

  it("turns a payment into a grant once per invoice that waits for its subscription", () => {
    const outcome = readLemonEvent(event("subscription_payment_success", invoiceObject({ id: "77", subscriptionId: "5" }), null));
    expect(outcome).toMatchObject({ apply: { user_id: null, subscription_id: "5", require_subscription: true, grant: { ref: "lemon:invoice:77", invoice_id: "77" } } });
  });

  it("turns refunds into clawbacks of the invoice or the order", () => {
    expect(readLemonEvent(event("subscription_payment_refunded", invoiceObject({ id: "77", subscriptionId: "5", refundedAmount: 100 })))).toMatchObject({
      apply: { refund: { invoice_id: "77", refunded_amount: 100, total: 5900 } },
    });
    expect(readLemonEvent(event("order_refunded", orderObject({ id: "9", variantId: VARIANTS.pro, refundedAmount: 5900, updatedAt: at(2) })))).toMatchObject({
      apply: { refund: { order_id: "9", refunded_amount: 5900 } },
    });
  });

  it("ignores events it does not handle, and inherited property names", () => {
    expect(readLemonEvent(event("license_key_created", { type: "license-keys", id: "1", attributes: {} }))).toEqual({ ignore: "license_key_created is not handled" });
    expect("ignore" in readLemonEvent(event("constructor", { type: "x", id: "1", attributes: {} }))).toBe(true);
  });

  it("sells only the configured variants", () => {
    expect(planOfVariant(VARIANTS.pro)).toBe("pro");
    expect(planOfVariant(Number(VARIANTS.growth))).toBe("growth");
    expect(planOfVariant("999")).toBe("free");
    expect(planOfVariant(null)).toBe("free");
  });
});

describe("access by subscription status", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  it("grants while active, on trial, past due, or cancelled before its end", () => {
    for (const status of ["active", "on_trial", "past_due"]) expect(grantsAccess({ plan: "pro", status, ends_at: null }, now)).toBe(true);
    expect(grantsAccess({ plan: "pro", status: "cancelled", ends_at: "2026-12-01T00:00:00Z" }, now)).toBe(true);
    expect(grantsAccess({ plan: "pro", status: "cancelled", ends_at: "2026-11-01T00:00:00Z" }, now)).toBe(false);
    for (const status of ["expired", "unpaid", "paused"]) expect(grantsAccess({ plan: "pro", status, ends_at: null }, now)).toBe(false);
  });
  it("takes the highest plan any live subscription grants", () => {
    expect(effectivePlan([{ plan: "growth", status: "active", ends_at: null }, { plan: "pro", status: "expired", ends_at: null }], now)).toBe("growth");
    expect(effectivePlan([], now)).toBe("free");
  });
});
