import postgres from "postgres";
import { createSqlRpc } from "./sql-rpc";
import type { SqlDb } from "./types";

/**
 * Any PostgreSQL through postgres.js: the machine's in tests, Supabase's connection string in
 * production. int8 is parsed to a number here so every backend returns the same shapes.
 * `prepare: false` is for a transaction pooler (PgBouncer, Supabase's on port 6543), which hands
 * each transaction to any server connection and so cannot keep named prepared statements.
 */
export function openPostgres(url: string, options: { max?: number; prepare?: boolean } = {}): SqlDb {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    onnotice: () => {},
    prepare: options.prepare ?? true,
    types: {
      int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
  });
  const query = async <T>(text: string, params: unknown[] = []) =>
    (await sql.unsafe(text, params as never[])) as unknown as T[];
  return {
    kind: "postgres",
    rpc: createSqlRpc(query),
    query,
    exec: async (text) => {
      await sql.unsafe(text);
    },
    transaction: (fn) =>
      sql.begin((tx) =>
        fn(async <T>(text: string, params: unknown[] = []) => (await tx.unsafe(text, params as never[])) as unknown as T[]),
      ) as Promise<never>,
    close: () => sql.end({ timeout: 5 }),
  };
}
