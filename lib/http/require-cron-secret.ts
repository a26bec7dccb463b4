import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "./api-error";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Guards the cron routes: `Authorization: Bearer $CRON_SECRET`, compared in constant time. */
export function requireCronSecret(req: Request, secret = process.env.CRON_SECRET): void {
  if (!secret) throw new ApiError("service_unavailable", "CRON_SECRET is not set, so the cron routes are off.");
  const given = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  if (!timingSafeEqual(digest(given), digest(secret))) throw new ApiError("unauthenticated", "A valid cron secret is required.");
}
