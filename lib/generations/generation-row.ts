import type { GenerationRow } from "@/lib/db/functions/generations";

export type { GenerationRow, StoredOutput } from "@/lib/db/functions/generations";

export function isOpen(row: Pick<GenerationRow, "status">): boolean {
  return row.status === "queued" || row.status === "running";
}
