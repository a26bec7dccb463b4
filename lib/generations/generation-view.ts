import { findModel } from "@/lib/catalog";
import type { GenerationRow } from "./generation-row";

/** Where an artifact is served: the authenticated route, whatever storage holds it. */
export function artifactUrl(key: string): string {
  return `/api/artifacts/${key}`;
}

/** The params as shown: a Director job's anchor images (megabytes of data URLs) as a count. */
function viewParams(params: GenerationRow["params"]) {
  const { anchors, ...rest } = params ?? {};
  return anchors ? { ...rest, anchorCount: anchors.length } : rest;
}

/**
 * A generation as the API shows it: no provider job ids, no idempotency keys, durable URLs only.
 * The model's name comes from the catalog, which keeps retired models, so old work keeps its name.
 */
export function toGenerationView(row: GenerationRow) {
  return {
    id: row.id,
    kind: row.kind,
    model: row.model,
    modelName: findModel(row.model)?.name ?? row.model,
    prompt: row.prompt,
    params: viewParams(row.params),
    price: row.price,
    status: row.status,
    refunded: row.refunded,
    outputs: (row.outputs ?? []).map((o) => ({ url: artifactUrl(o.key), contentType: o.contentType, size: o.size })),
    error: row.error ? { code: row.error.code, message: row.error.message } : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export type GenerationView = ReturnType<typeof toGenerationView>;
