import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "@/lib/http/api-error";

const env = process.env;

/** Cron routes answer only to `Authorization: Bearer $CRON_SECRET` (what Vercel Cron sends). */
export function requireCronSecret(req: Request) {
  const secret = env["CRON_SECRET"];
  if (!secret) throw new ApiError("service_unavailable", "CRON_SECRET is not set.");
  const given = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  // Hashing first gives equal lengths, so the comparison is constant-time whatever was sent.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(secret).digest();
  if (!timingSafeEqual(a, b)) throw new ApiError("unauthenticated", "A valid cron secret is required.");
}
