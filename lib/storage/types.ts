// What an artifact store is: the local and Supabase stores implement it, and code that stores or serves outputs reads it.

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
  /** An absolute link to the file that works without a session for `seconds`: what a provider fetches. */
  signedUrl(key: string, seconds: number): Promise<string>;
}
