// Shared by the billing tests: unique Lemon Squeezy ids and the env that maps our variants.
import { VARIANTS } from "../fakes/lemonsqueezy-payloads";

export const WEBHOOK_SECRET = "whsec-test-0123456789";

export const LEMON_ENV = {
  LEMON_SQUEEZY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  LEMON_SQUEEZY_VARIANT_GROWTH: VARIANTS.growth,
  LEMON_SQUEEZY_VARIANT_PRO: VARIANTS.pro,
};

let counter = 0;
/** A numeric id no other test (or parallel test process) uses, as Lemon Squeezy ids are numeric. */
export function lemonId(): string {
  return `${process.pid % 1000}${Date.now() % 10_000_000}${String(counter++).padStart(3, "0")}`;
}

/** Timestamps in Lemon Squeezy's format, `minutes` after a fixed start. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 10, 23, 10, 0, 0) + minutes * 60_000).toISOString().replace("Z", "000Z");
}
