import { inject } from "vitest";
import { migrate } from "../../lib/db/migrations";
import { openPglite } from "../../lib/db/pglite";
import { openPostgres } from "../../lib/db/postgres";
import { openSupabase } from "../../lib/db/supabase";
import type { Db, SqlDb } from "../../lib/db/types";
import { createTestDatabase, SUPABASE_DEFAULTS } from "./postgres-database";
import { startSupabaseRest } from "./supabase-rest";

export type Backend = {
  name: string;
  /** The backend under test. */
  db: Db;
  /** Direct SQL on the same database, for assertions and for acting as another role. */
  sql: SqlDb;
  /** Whether concurrent calls really run on separate connections. */
  concurrent: boolean;
  close: () => Promise<void>;
};

export const SERVICE_KEY = "test-service-role-key";
export const ANON_KEY = "test-anon-key";

async function pglite(): Promise<SqlDb> {
  const db = await openPglite();
  await db.exec(SUPABASE_DEFAULTS);
  await migrate(db);
  return db;
}

/** The run's shared database, or a fresh one of the suite's own that is dropped on close. */
async function databaseFor(url: string, own: boolean): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!own) return { url, drop: async () => {} };
  return createTestDatabase(url);
}

/**
 * Every backend the SQL tests run on: PGlite always; the run's PostgreSQL when DATABASE_URL is
 * set; and supabase-js over HTTP against a PostgREST stand-in on that same database.
 *
 * `ownDatabase` gives each PostgreSQL backend a database no app server under test shares: for
 * suites that leave jobs overdue on purpose, which a running app's sweeper would otherwise finish.
 */
export function backendFactories(options: { ownDatabase?: boolean } = {}): { name: string; open: () => Promise<Backend> }[] {
  const url = inject("databaseUrl");
  const own = options.ownDatabase ?? false;
  const factories = [
    {
      name: "pglite",
      open: async (): Promise<Backend> => {
        const sql = await pglite();
        return { name: "pglite", db: sql, sql, concurrent: false, close: () => sql.close() };
      },
    },
    {
      name: "supabase-js",
      open: async (): Promise<Backend> => {
        const database = url ? await databaseFor(url, own) : null;
        const sql = database ? openPostgres(database.url, { max: 32 }) : await pglite();
        const rest = await startSupabaseRest(sql, { [SERVICE_KEY]: "service_role", [ANON_KEY]: "anon" });
        const db = openSupabase(rest.url, SERVICE_KEY);
        return {
          name: "supabase-js",
          db,
          sql,
          concurrent: Boolean(url),
          close: async () => {
            await db.close();
            await rest.close();
            await sql.close();
            await database?.drop();
          },
        };
      },
    },
  ];
  if (url) {
    factories.splice(1, 0, {
      name: "postgres",
      open: async (): Promise<Backend> => {
        const database = await databaseFor(url, own);
        const db = openPostgres(database.url, { max: 32 });
        return {
          name: "postgres",
          db,
          sql: db,
          concurrent: true,
          close: async () => {
            await db.close();
            await database.drop();
          },
        };
      },
    });
  }
  return factories;
}

let counter = 0;
/** A user id no other test uses, so tests can share one database. */
export function uniqueUserId(prefix = "user"): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`;
}
