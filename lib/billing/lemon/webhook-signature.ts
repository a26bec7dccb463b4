import { createHmac, timingSafeEqual } from "node:crypto";

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Lemon Squeezy's X-Signature: the hex HMAC-SHA256 of the raw body with the signing secret. */
export function signWebhookBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

/**
 * Constant-time check of X-Signature. Anything that is not exactly 64 hex characters is
 * refused before comparing, so a short or padded header can never match a prefix.
 */
export function verifyWebhookSignature(body: string, signature: string | null, secret: string): boolean {
  if (!signature || !HEX_SHA256.test(signature.trim())) return false;
  const given = Buffer.from(signature.trim(), "hex");
  const expected = Buffer.from(signWebhookBody(body, secret), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
