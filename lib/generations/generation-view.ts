import { findModel } from "@/lib/catalog";
import type { GenerationRow } from "./generation-row";

/** Where an artifact is served: the authenticated route, whatever storage holds it. */
export function artifactUrl(key: string): string {
  return `/api/artifacts/${key}`;
}

/** The params as shown: a Director job's anchors as a count (their storage keys stay inside). */
function viewParams(params: GenerationRow["params"]) {
  const { anchorKeys, anchorsHash: _hash, ...rest } = params ?? {};
  return anchorKeys ? { ...rest, anchorCount: anchorKeys.length } : rest;
}

/** A multi-step job's steps as shown: what each is and where it stands, and the keyframe once made. */
function viewSteps(steps: GenerationRow["steps"]) {
  return (steps ?? []).map((step) => {
    const keyframe = step.output?.keyframe as { key?: string } | undefined;
    return {
      name: step.name,
      status: step.status,
      startedAt: step.started_at ?? null,
      finishedAt: step.finished_at ?? null,
      ...(keyframe?.key ? { preview: artifactUrl(keyframe.key) } : {}),
    };
  });
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
    // A dispatched job its provider still holds queued: how many requests are ahead of it.
    queuePosition: row.status === "running" ? (row.queue_position ?? null) : null,
    refunded: row.refunded,
    outputs: (row.outputs ?? []).map((o) => ({ url: artifactUrl(o.key), contentType: o.contentType, size: o.size })),
    error: row.error ? { code: row.error.code, message: row.error.message } : null,
    steps: row.steps ? viewSteps(row.steps) : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export type GenerationView = ReturnType<typeof toGenerationView>;
