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

const SUPABASE_TRANSACTION_POOLER_PORT = "6543";

function portOf(url: string): string | undefined {
  try {
    return new URL(url).port || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether DATABASE_URL goes through a transaction pooler, where prepared statements cannot be
 * used: Supabase's pooler port, or DATABASE_PREPARE=0 for any other (PgBouncer in transaction mode).
 */
export function usesTransactionPooler(env: Env = process.env): boolean {
  if (env.DATABASE_PREPARE === "0") return true;
  if (env.DATABASE_PREPARE === "1") return false;
  return Boolean(env.DATABASE_URL) && portOf(env.DATABASE_URL!) === SUPABASE_TRANSACTION_POOLER_PORT;
}

/**
 * Where migrations run: DDL and the migration lock want a direct connection, not a transaction
 * pooler. DATABASE_URL_DIRECT when set; for Supabase's pooler URL, the same URL on the direct
 * port 5432; DATABASE_URL otherwise.
 */
export function migrationUrl(env: Env = process.env): string | undefined {
  if (env.DATABASE_URL_DIRECT) return env.DATABASE_URL_DIRECT;
  if (!env.DATABASE_URL) return undefined;
  if (portOf(env.DATABASE_URL) !== SUPABASE_TRANSACTION_POOLER_PORT) return env.DATABASE_URL;
  const url = new URL(env.DATABASE_URL);
  url.port = "5432";
  return url.toString();
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
      if (env.MIGRATE_ON_START === "1") {
        const direct = openPostgres(migrationUrl(env)!, { max: 1 });
        try {
          await migrate(direct);
        } finally {
          await direct.close();
        }
      }
      return openPostgres(env.DATABASE_URL!, { max: Number(env.DATABASE_POOL_MAX) || 10, prepare: !usesTransactionPooler(env) });
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
