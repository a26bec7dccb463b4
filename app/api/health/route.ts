// GET /api/health: which database backend serves this instance and whether its migrations are current.
import { migrationStatus } from "@/lib/db/migrations";
import { withRoute } from "@/lib/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ db }) => {
  const migrations = await migrationStatus(db);
  return Response.json(
    { ok: migrations.current, database: db.kind, migrations },
    { status: migrations.current ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
