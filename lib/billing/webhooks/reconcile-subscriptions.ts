import "server-only";
import type { Db } from "@/lib/db/types";
import { listLiveSubscriptions } from "@/lib/db/functions/billing";
import { applySubscriptionSnapshot } from "./apply-subscription-snapshot";
import { checkoutMode } from "../config";
import { lemonSqueezy } from "../lemon/lemon-client";
import type { SubscriptionRow } from "@/lib/db/functions/credits";

export type ReconcileReport = {
  skipped?: string;
  checked: number;
  corrected: string[];
  failed: { subscription_id: string; error: string }[];
};

const COMPARED = ["status", "variant_id", "renews_at", "ends_at"] as const;

const sameTime = (a: unknown, b: unknown) =>
  a === b || (a != null && b != null && new Date(String(a)).getTime() === new Date(String(b)).getTime());

/**
 * Asks Lemon Squeezy for every subscription that is not over and applies what it says through
 * the webhook code, so a lost or failed webhook cannot leave a plan wrong for long.
 */
export async function reconcileSubscriptions(db: Db, options: { limit?: number } = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, corrected: [], failed: [] };
  if (checkoutMode() !== "lemonsqueezy") return { ...report, skipped: "Lemon Squeezy is not configured." };
  const lemon = lemonSqueezy();
  const stored = await listLiveSubscriptions<SubscriptionRow>(db, options.limit ?? 200);
  for (const s of stored) {
    report.checked += 1;
    const { data, error, statusCode } = await lemon.getSubscription(s.subscription_id);
    if (error || !data) {
      report.failed.push({ subscription_id: s.subscription_id, error: `Lemon Squeezy answered ${statusCode ?? "nothing"}` });
      continue;
    }
    const remote = data.data.attributes as unknown as Record<string, unknown>;
    const drifted = COMPARED.some((field) =>
      field.endsWith("_at") ? !sameTime(remote[field], s[field]) : String(remote[field] ?? "") !== String(s[field] ?? ""),
    );
    const result = await applySubscriptionSnapshot(db, data.data);
    if (result.code === "failed") report.failed.push({ subscription_id: s.subscription_id, error: result.error });
    else if (drifted && result.code === "processed") report.corrected.push(s.subscription_id);
  }
  return report;
}
