// A Replicate prediction (as GET answers it and webhooks post it) read as our job state.
import { contentTypeOfUrl } from "./content-type-of-url";
import type { JobState, ProviderOutput } from "./types";

const MODERATION = /nsfw|safety|content polic|flagged/i;

export type PredictionLike = { id?: unknown; status?: unknown; output?: unknown; error?: unknown };

function urlsOf(output: unknown): string[] {
  if (typeof output === "string") return output ? [output] : [];
  if (Array.isArray(output)) return output.flatMap(urlsOf);
  if (output && typeof output === "object") {
    const { url, urls } = output as { url?: unknown; urls?: unknown };
    return [...urlsOf(url), ...urlsOf(urls)];
  }
  return [];
}

function outputOf(url: string): ProviderOutput {
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (inline) return { type: "inline", contentType: inline[1]!, base64: inline[2]! };
  return { type: "url", url, contentType: contentTypeOfUrl(url) };
}

export function stateOfPrediction(prediction: PredictionLike): JobState {
  const id = typeof prediction.id === "string" ? prediction.id : "";
  switch (prediction.status) {
    case "starting":
      return { status: "queued", providerJobId: id };
    case "processing":
      return { status: "running", providerJobId: id };
    case "succeeded": {
      const urls = urlsOf(prediction.output).filter((url) => /^(https?:|data:)/.test(url));
      if (urls.length === 0) {
        return { status: "failed", providerJobId: id, failure: { kind: "empty_output", message: "Replicate finished without any output" } };
      }
      return { status: "succeeded", providerJobId: id, outputs: urls.map(outputOf) };
    }
    case "canceled":
    case "aborted":
      return { status: "failed", providerJobId: id, failure: { kind: "cancelled", message: "the prediction was cancelled" } };
    case "failed": {
      const error = typeof prediction.error === "string" ? prediction.error : JSON.stringify(prediction.error ?? "unknown error");
      const kind = MODERATION.test(error) ? "moderation" : "http";
      return { status: "failed", providerJobId: id, failure: { kind, message: `Replicate: ${error}` } };
    }
    default:
      return { status: "failed", providerJobId: id, failure: { kind: "malformed", message: `Replicate answered an unknown status: ${String(prediction.status)}` } };
  }
}
