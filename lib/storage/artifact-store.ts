import "server-only";
import { createLocalStore } from "./local-store";
import { createSupabaseStore } from "./supabase-store";
import type { ArtifactStore } from "./types";

export type { ArtifactBody, ArtifactStore } from "./types";

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
