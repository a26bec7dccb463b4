import type { GenerationParams } from "@/lib/providers/types";

/** An output kept in durable storage, as recorded on the generation. */
export type StoredOutput = { key: string; contentType: string; size: number };

/** A `generations` row as the SQL functions return it (to_jsonb). */
export type GenerationRow = {
  id: string;
  user_id: string;
  kind: "image" | "video" | "director" | "chat" | "text";
  model: string;
  provider: string;
  prompt: string;
  params: GenerationParams;
  price: number;
  status: "queued" | "running" | "succeeded" | "failed";
  provider_job_id: string | null;
  outputs: StoredOutput[] | null;
  error: { code: string; message: string } | null;
  refunded: boolean;
  timeout_seconds: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  polled_at: string | null;
};

export function isOpen(row: Pick<GenerationRow, "status">): boolean {
  return row.status === "queued" || row.status === "running";
}
