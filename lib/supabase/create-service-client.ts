import { createClient, type SupabaseClient } from "@supabase/supabase-js";

class RealtimeUnused {
  constructor() {
    throw new Error("realtime is not used by Nexora");
  }
}

/**
 * supabase-js under the service role key, as the server uses it: no session kept, no realtime.
 * Node 20 has no global WebSocket and the realtime client refuses to exist without one; we never
 * open a channel, so it gets a transport that is never constructed.
 */
export function createServiceClient(url: string, serviceRoleKey: string): SupabaseClient {
  return createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    ...(typeof globalThis.WebSocket === "undefined" ? { realtime: { transport: RealtimeUnused as never } } : {}),
  });
}
