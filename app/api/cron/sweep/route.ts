// GET|POST /api/cron/sweep: one sweeper pass for schedulers (Vercel Cron and the like), guarded by CRON_SECRET.
import { sweepGenerations } from "@/lib/generations/sweep-generations";
import { requireCronSecret } from "@/lib/http/require-cron-secret";
import { withRoute } from "@/lib/http/with-route";

export const dynamic = "force-dynamic";

const sweep = withRoute(async ({ req, db }) => {
  requireCronSecret(req);
  return Response.json(await sweepGenerations(db));
});

export const GET = sweep;
export const POST = sweep;
