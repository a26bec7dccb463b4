import { createClient } from "@supabase/supabase-js";
import type { ArtifactStore } from "./artifact-store";

const SIGNED_URL_SECONDS = 300;

class RealtimeUnused {
  constructor() {
    throw new Error("realtime is not used for storage");
  }
}

/** Supabase Storage through supabase-js: a private bucket, served through short-lived signed links. */
export function createSupabaseStore(url: string, serviceRoleKey: string, bucket: string): ArtifactStore {
  const client = createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket and the realtime client refuses to exist without one;
    // storage never opens a channel, so it gets a transport that is never constructed.
    ...(typeof globalThis.WebSocket === "undefined" ? { realtime: { transport: RealtimeUnused as never } } : {}),
  });
  let bucketReady: Promise<void> | undefined;

  // The bucket is created private on first use; "already exists" is the usual answer.
  function ensureBucket(): Promise<void> {
    bucketReady ??= (async () => {
      const { error } = await client.storage.createBucket(bucket, { public: false });
      if (error && !/exist|duplicate/i.test(error.message)) {
        bucketReady = undefined;
        throw new Error(`could not create the storage bucket ${bucket}: ${error.message}`);
      }
    })();
    return bucketReady;
  }

  return {
    kind: "supabase",
    async put(key, bytes, contentType) {
      await ensureBucket();
      const { error } = await client.storage
        .from(bucket)
        .upload(key, bytes, { contentType, upsert: true, cacheControl: "31536000" });
      if (error) throw new Error(`storage upload of ${key} failed: ${error.message}`, { cause: error });
    },
    async get(key) {
      const { data, error } = await client.storage.from(bucket).createSignedUrl(key, SIGNED_URL_SECONDS);
      if (error || !data?.signedUrl) return null;
      return { type: "redirect", url: data.signedUrl };
    },
  };
}
