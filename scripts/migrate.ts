// npm run db:migrate: applies supabase/migrations to DATABASE_URL (over DATABASE_URL_DIRECT, or the
// direct port, when DATABASE_URL is a transaction pooler), or to the PGlite in DATA_DIR.
import { migrate, migrationStatus } from "../lib/db/migrations";
import { backendFor, dataDir, migrationUrl } from "../lib/db/open";
import { openPglite } from "../lib/db/pglite";
import { openPostgres } from "../lib/db/postgres";
import path from "node:path";
import { mkdir } from "node:fs/promises";

async function main() {
  const kind = backendFor();
  if (kind === "supabase") {
    throw new Error("Set DATABASE_URL (Supabase's connection string) to migrate; the data API cannot run DDL.");
  }
  let db;
  if (kind === "postgres") {
    db = openPostgres(migrationUrl()!, { max: 1 });
  } else {
    const dir = path.join(dataDir(), "pglite");
    await mkdir(dir, { recursive: true });
    db = await openPglite(dir);
  }
  try {
    const ran = await migrate(db);
    const status = await migrationStatus(db);
    console.log(`${kind}: applied ${ran.length} migration(s)${ran.length ? ` (${ran.join(", ")})` : ""}; ${status.applied.length} recorded, current: ${status.current}`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
