export type DbKind = "pglite" | "postgres" | "supabase";

export type RpcArgs = Record<string, unknown>;

/** The one thing the rest of the app needs from a database: call a SQL function by name. */
export interface Db {
  readonly kind: DbKind;
  rpc<T = unknown>(fn: string, args?: RpcArgs): Promise<T>;
  close(): Promise<void>;
}

/** Backends that speak SQL directly (PGlite, postgres.js): the migration runner and tests use this. */
export interface SqlDb extends Db {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
  /** Runs `fn` in one transaction on one connection; it commits when `fn` resolves. */
  transaction<T>(fn: (query: SqlQuery) => Promise<T>): Promise<T>;
}

export type SqlQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export class DbError extends Error {
  constructor(
    message: string,
    readonly fn: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DbError";
  }
}
