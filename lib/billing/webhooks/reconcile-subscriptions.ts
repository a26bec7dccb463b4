import "server-only";
import type { Db } from "@/lib/db/types";
import { listLiveSubscriptions } from "@/lib/db/functions/billing";
import { recordReconcileRun } from "@/lib/db/functions/admin";
import { applySubscriptionSnapshot } from "./apply-subscription-snapshot";
import { checkoutMode } from "../config";
import { lemonSqueezy } from "../lemon/lemon-client";
import { errorFields, logger } from "@/lib/log/logger";
import type { SubscriptionRow } from "@/lib/db/functions/credits";

export type ReconcileReport = {
  skipped?: string;
  checked: number;
  /** Subscriptions whose stored state differed from Lemon Squeezy's, and in which fields. */
  drifted: { subscription_id: string; fields: string[] }[];
  corrected: string[];
  failed: { subscription_id: string; error: string }[];
};

const COMPARED = ["status", "variant_id", "renews_at", "ends_at"] as const;

const sameTime = (a: unknown, b: unknown) =>
  a === b || (a != null && b != null && new Date(String(a)).getTime() === new Date(String(b)).getTime());

/** Keeps the run's outcome for the admin console; losing that record must not fail the run. */
async function keepRun(db: Db, startedAt: Date, report: ReconcileReport): Promise<ReconcileReport> {
  try {
    await recordReconcileRun(db, {
      startedAt,
      checked: report.checked,
      drifted: report.drifted,
      corrected: report.corrected,
      errors: report.failed,
      skipped: report.skipped,
    });
  } catch (error) {
    logger.error({ ...errorFields(error) }, "reconcile run not recorded");
  }
  return report;
}

/**
 * Asks Lemon Squeezy for every subscription that is not over and applies what it says through
 * the webhook code, so a lost or failed webhook cannot leave a plan wrong for long. Each run's
 * outcome is kept (reconcile_runs) for the admin console.
 */
export async function reconcileSubscriptions(db: Db, options: { limit?: number } = {}): Promise<ReconcileReport> {
  const startedAt = new Date();
  const report: ReconcileReport = { checked: 0, drifted: [], corrected: [], failed: [] };
  if (checkoutMode() !== "lemonsqueezy") return keepRun(db, startedAt, { ...report, skipped: "Lemon Squeezy is not configured." });
  try {
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
      const fields = COMPARED.filter((field) =>
        field.endsWith("_at") ? !sameTime(remote[field], s[field]) : String(remote[field] ?? "") !== String(s[field] ?? ""),
      );
      if (fields.length) report.drifted.push({ subscription_id: s.subscription_id, fields });
      const result = await applySubscriptionSnapshot(db, data.data);
      if (result.code === "failed") report.failed.push({ subscription_id: s.subscription_id, error: result.error });
      else if (fields.length && result.code === "processed") report.corrected.push(s.subscription_id);
    }
  } catch (error) {
    await keepRun(db, startedAt, { ...report, failed: [...report.failed, { subscription_id: "", error: (error as Error).message ?? String(error) }] });
    throw error;
  }
  return keepRun(db, startedAt, report);
}
