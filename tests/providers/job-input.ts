import { endpointOf, findModel, type Model } from "@/lib/catalog";
import type { GenerationParams, JobInput } from "@/lib/providers/types";

export function modelOf(id: string): Model {
  const model = findModel(id);
  if (!model) throw new Error(`no model ${id} in the catalog`);
  return model;
}

/** A job for a catalog model, with its default endpoint. */
export function jobInput(modelId: string, prompt = "a lighthouse at dusk", params: GenerationParams = {}, extra: Partial<JobInput> = {}): JobInput {
  const model = modelOf(modelId);
  return { model, endpoint: endpointOf(model, {}), prompt, params, generationId: "gen_test_1", ...extra };
}

/** What status and cancel take to address a catalog model's job. */
export function jobRef(modelId: string): Pick<JobInput, "model" | "endpoint"> {
  const { model, endpoint } = jobInput(modelId);
  return { model, endpoint };
}

/** Runs `fn` and answers what it threw, with how long it took. */
export async function failureOf(fn: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await fn();
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error("expected a failure, got a result");
}
