// GET /api/admin/jobs: jobs stuck past their timeout and failures of the last 24 hours, by provider.
import { withAdmin } from "@/lib/admin/with-admin";
import { adminStuckJobs } from "@/lib/db/functions/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async ({ db }) => {
  return Response.json(await adminStuckJobs(db, { limit: 50 }));
});
