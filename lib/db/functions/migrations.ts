import type { Db } from "../types";

/** The migration versions the database has recorded; throws when the database cannot be asked. */
export function appliedMigrations(db: Db): Promise<string[]> {
  return db.rpc<string[]>("applied_migrations");
}
