import path from "node:path";
import { mkdir } from "node:fs/promises";
import { migrate } from "./migrations";
import type { Db, DbKind } from "./types";

type Env = Record<string, string | undefined>;

/** Which backend the environment asks for: Supabase's data API, any Postgres, or embedded PGlite. */
export function backendFor(env: Env = process.env): DbKind {
  if (env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY && !env.DATABASE_URL) return "supabase";
  if (env.DATABASE_URL) return "postgres";
  return "pglite";
}

export function dataDir(env: Env = process.env): string {
  return path.resolve(env.DATA_DIR || ".data");
}

/** Opens the configured backend. PGlite is migrated on open; the others by `npm run db:migrate`. */
export async function openDb(env: Env = process.env): Promise<Db> {
  switch (backendFor(env)) {
    case "supabase": {
      const { openSupabase } = await import("./supabase");
      return openSupabase(env.SUPABASE_URL!, env.SUPABASE_SERVICE_ROLE_KEY!);
    }
    case "postgres": {
      const { openPostgres } = await import("./postgres");
      const db = openPostgres(env.DATABASE_URL!, { max: Number(env.DATABASE_POOL_MAX) || 10 });
      if (env.MIGRATE_ON_START === "1") await migrate(db);
      return db;
    }
    case "pglite": {
      const dir = path.join(dataDir(env), "pglite");
      await mkdir(dir, { recursive: true });
      const { openPglite } = await import("./pglite");
      const db = await openPglite(dir);
      await migrate(db);
      return db;
    }
  }
}
