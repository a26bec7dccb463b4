import { DbError, type RpcArgs } from "./types";

type Query = <T>(text: string, params: unknown[]) => Promise<T[]>;

type Signature = { args: Map<string, string> };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Calls `public.<fn>` with named arguments, PostgREST's convention, on a backend that runs SQL.
 * Each argument is cast to the type the function declares (read once from pg_catalog), so
 * callers pass plain JavaScript values and get the function's jsonb back as an object.
 */
export function createSqlRpc(query: Query) {
  const signatures = new Map<string, Promise<Signature>>();

  function signatureOf(fn: string): Promise<Signature> {
    let pending = signatures.get(fn);
    if (!pending) {
      pending = query<{ names: string[] | null; types: string[] }>(
        `select p.proargnames as names,
                array(select format_type(t, null) from unnest(p.proargtypes::oid[]) t) as types
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and p.proname = $1`,
        [fn],
      ).then((rows) => {
        if (rows.length !== 1) throw new DbError(`no single function public.${fn}`, fn);
        const { names, types } = rows[0];
        return { args: new Map((names ?? []).map((name, i) => [name, types[i]])) };
      });
      pending.catch(() => signatures.delete(fn));
      signatures.set(fn, pending);
    }
    return pending;
  }

  return async function rpc<T>(fn: string, args: RpcArgs = {}): Promise<T> {
    if (!IDENTIFIER.test(fn)) throw new DbError(`invalid function name ${fn}`, fn);
    const signature = await signatureOf(fn);
    const named: string[] = [];
    const params: unknown[] = [];
    for (const [name, value] of Object.entries(args)) {
      if (value === undefined) continue;
      const type = signature.args.get(name);
      if (!type) throw new DbError(`public.${fn} has no argument ${name}`, fn);
      const isJson = type === "jsonb" || type === "json";
      params.push(isJson ? JSON.stringify(value) : value);
      // JSON goes over the wire as text: a parameter typed jsonb would make postgres.js encode
      // the already-serialised string a second time (a JSON string, not the object).
      named.push(isJson ? `${name} => $${params.length}::text::${type}` : `${name} => $${params.length}::${type}`);
    }
    try {
      const rows = await query<{ result: T }>(`select public.${fn}(${named.join(", ")}) as result`, params);
      return rows[0].result;
    } catch (cause) {
      throw new DbError(`public.${fn} failed: ${(cause as Error).message}`, fn, { cause });
    }
  };
}
