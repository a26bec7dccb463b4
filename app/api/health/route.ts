// GET /api/health: which database backend serves this instance, whether its migrations are
// current and whether it is a demo deployment; ?detail=1 with the cron secret adds the deployment report (`npm run doctor`'s areas).
import { migrationStatus } from "@/lib/db/migrations";
import { requireCronSecret } from "@/lib/http/require-cron-secret";
import { withRoute } from "@/lib/http/with-route";
import { isDemoDeployment } from "@/lib/deployment/is-demo-deployment";
import { deploymentReport } from "@/lib/operations/deployment-report";

export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ req, db }) => {
  const headers = { "cache-control": "no-store" };
  if (new URL(req.url).searchParams.get("detail") === "1") {
    requireCronSecret(req);
    const report = await deploymentReport(db);
    return Response.json({ ...report, database: db.kind }, { status: report.ok ? 200 : 503, headers });
  }
  const migrations = await migrationStatus(db);
  return Response.json(
    { ok: migrations.current, database: db.kind, migrations, demo: isDemoDeployment() },
    { status: migrations.current ? 200 : 503, headers },
  );
});
