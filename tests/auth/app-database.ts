import path from "node:path";
import { inject } from "vitest";
import { openPglite } from "../../lib/db/pglite";
import { openPostgres } from "../../lib/db/postgres";
import type { SqlDb } from "../../lib/db/types";
import type { App } from "../support/app";

/**
 * Direct SQL on the database an app server used: the run's PostgreSQL, or the PGlite folder in
 * the app's data folder. PGlite belongs to one process, so the app must be stopped first.
 */
export async function withAppDatabase<T>(app: App, fn: (sql: SqlDb) => Promise<T>): Promise<T> {
  const url = inject("databaseUrl");
  const sql = url ? openPostgres(url, { max: 2 }) : await openPglite(path.join(app.env.DATA_DIR, "pglite"));
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

export const usesSharedDatabase = () => Boolean(inject("databaseUrl"));
