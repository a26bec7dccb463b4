import { createServiceClient } from "../supabase/create-service-client";
import { DbError, type Db } from "./types";

/** Supabase's data API: functions are called with `.rpc()` under the service role key. */
export function openSupabase(url: string, serviceRoleKey: string): Db {
  const client = createServiceClient(url, serviceRoleKey);
  return {
    kind: "supabase",
    async rpc<T>(fn: string, args: Record<string, unknown> = {}) {
      const defined = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
      const { data, error } = await client.rpc(fn, defined);
      if (error) throw new DbError(`public.${fn} failed: ${error.message}`, fn, { cause: error });
      return data as T;
    },
    close: async () => {
      await client.removeAllChannels();
    },
  };
}
