import "server-only";
import { findModel } from "@/lib/catalog";
import { providerFor } from "@/lib/providers";
import { createDemoProvider } from "@/lib/providers/demo";
import type { Provider } from "@/lib/providers/types";
import type { GenerationRow } from "./generation-row";

const demo = createDemoProvider();

/**
 * The provider that holds a job: the one it was dispatched to. When configuration changed since
 * (a key added or removed), nobody here can ask about it; webhooks and the sweeper still end it.
 */
export function providerOfJob(row: Pick<GenerationRow, "model" | "provider">): Provider | null {
  if (row.provider === "demo") return demo;
  const model = findModel(row.model);
  if (!model) return null;
  const provider = providerFor(model);
  return provider.id === row.provider ? provider : null;
}
