import "server-only";
import { createLocalStore } from "./local-store";
import { createSupabaseStore } from "./supabase-store";

/** What a stored artifact is served as: its bytes, or a short-lived link to them. */
export type ArtifactBody =
  | { type: "file"; body: ReadableStream<Uint8Array>; size: number }
  | { type: "redirect"; url: string };

/** Durable storage for generation outputs: provider URLs expire, these do not. */
export interface ArtifactStore {
  readonly kind: "local" | "supabase";
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The artifact for serving, or null when nothing is stored under the key. */
  get(key: string): Promise<ArtifactBody | null>;
}

type Env = Record<string, string | undefined>;

const globalStore = globalThis as unknown as { __nexoraArtifacts?: ArtifactStore };

/** Supabase Storage when SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are set; DATA_DIR/artifacts otherwise. */
export function getArtifactStore(env: Env = process.env): ArtifactStore {
  globalStore.__nexoraArtifacts ??=
    env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY
      ? createSupabaseStore(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, env.SUPABASE_STORAGE_BUCKET || "generations")
      : createLocalStore(env);
  return globalStore.__nexoraArtifacts;
}
