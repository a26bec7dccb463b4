import { createClient } from "@supabase/supabase-js";
import { DbError, type Db } from "./types";

class RealtimeUnused {
  constructor() {
    throw new Error("realtime is not used by Nexora");
  }
}

/** Supabase's data API: functions are called with `.rpc()` under the service role key. */
export function openSupabase(url: string, serviceRoleKey: string): Db {
  const client = createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // We never open realtime channels; on Node 20 (no global WebSocket) the realtime client
    // refuses to be created without a transport, so give it one that is never constructed.
    ...(typeof globalThis.WebSocket === "undefined" ? { realtime: { transport: RealtimeUnused as never } } : {}),
  });
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
