import { PGlite } from "@electric-sql/pglite";
import { createSqlRpc } from "./sql-rpc";
import type { SqlDb } from "./types";

/** Postgres in WebAssembly: the embedded default. `dataDir` undefined keeps it in memory. */
export async function openPglite(dataDir?: string): Promise<SqlDb> {
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  const query = async <T>(text: string, params: unknown[] = []) =>
    (await pg.query<T>(text, params)).rows;
  return {
    kind: "pglite",
    rpc: createSqlRpc(query),
    query,
    exec: async (text) => {
      await pg.exec(text);
    },
    // Without parameters a statement runs on the simple protocol, so a script of several
    // statements works here as it does on postgres.js.
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn(async <T>(text: string, params: unknown[] = []) =>
          params.length ? (await tx.query<T>(text, params)).rows : ((await tx.exec(text)).at(-1)?.rows ?? []) as T[],
        ),
      ),
    close: () => pg.close(),
  };
}
