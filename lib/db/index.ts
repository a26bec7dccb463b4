import "server-only";
import { openDb } from "./open";
import type { Db } from "./types";

export type { Db, DbKind } from "./types";
export { DbError } from "./types";

const globalDb = globalThis as unknown as { __nexoraDb?: Promise<Db> };

/**
 * The process's database, opened once. Kept on globalThis so dev reloads reuse the open PGlite
 * folder instead of opening it twice. Never opened at build time: pages that read it are dynamic.
 */
export function getDb(): Promise<Db> {
  if (!globalDb.__nexoraDb) {
    globalDb.__nexoraDb = openDb().catch((error) => {
      globalDb.__nexoraDb = undefined;
      throw error;
    });
  }
  return globalDb.__nexoraDb;
}
