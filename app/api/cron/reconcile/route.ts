// GET|POST /api/cron/reconcile: corrects subscription drift from Lemon Squeezy (CRON_SECRET).
import { reconcileSubscriptions } from "@/lib/billing/webhooks/reconcile-subscriptions";
import { requireCronSecret } from "@/lib/http/require-cron-secret";
import { withRoute } from "@/lib/http/with-route";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const reconcile = withRoute(async ({ req, db }) => {
  requireCronSecret(req);
  return Response.json(await reconcileSubscriptions(db));
});

export const GET = reconcile;
export const POST = reconcile;
