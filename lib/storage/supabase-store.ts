import { createServiceClient } from "../supabase/create-service-client";
import type { ArtifactStore } from "./types";

const SIGNED_URL_SECONDS = 300;

/** Supabase Storage through supabase-js: a private bucket, served through short-lived signed links. */
export function createSupabaseStore(url: string, serviceRoleKey: string, bucket: string): ArtifactStore {
  const client = createServiceClient(url, serviceRoleKey);
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
    async signedUrl(key, seconds) {
      const { data, error } = await client.storage.from(bucket).createSignedUrl(key, seconds);
      if (error || !data?.signedUrl) throw new Error(`could not sign a link to ${key}: ${error?.message ?? "no URL"}`);
      return data.signedUrl;
    },
  };
}
