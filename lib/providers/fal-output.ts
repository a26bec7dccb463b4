// fal's result shapes: `images: [{url, content_type}]` (with `has_nsfw_concepts` per image),
// a single `image`, or `video: {url, content_type}`. URLs may be data: URIs in sync mode.
import { contentTypeOfUrl } from "./content-type-of-url";
import type { JobState, ProviderOutput } from "./types";

type FalFile = { url?: unknown; content_type?: unknown };

function outputOf(file: FalFile | null | undefined, fallbackType: string): ProviderOutput | undefined {
  if (!file || typeof file.url !== "string" || !file.url) return undefined;
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(file.url);
  if (inline) return { type: "inline", contentType: inline[1]!, base64: inline[2]! };
  const contentType = typeof file.content_type === "string" ? file.content_type : contentTypeOfUrl(file.url) ?? fallbackType;
  return { type: "url", url: file.url, contentType };
}

/** The job state a completed fal result stands for. */
export function stateOfFalOutput(requestId: string, output: unknown): JobState {
  if (!output || typeof output !== "object") {
    return { status: "failed", providerJobId: requestId, failure: { kind: "empty_output", message: "fal finished without any output" } };
  }
  const result = output as { images?: unknown; image?: FalFile; video?: FalFile; has_nsfw_concepts?: unknown };
  const images = Array.isArray(result.images) ? (result.images as FalFile[]) : result.image ? [result.image] : [];
  const flags = Array.isArray(result.has_nsfw_concepts) ? (result.has_nsfw_concepts as unknown[]) : [];
  const kept = images.filter((_, i) => flags[i] !== true);
  if (images.length > 0 && kept.length === 0) {
    return { status: "failed", providerJobId: requestId, failure: { kind: "moderation", message: "fal flagged every image as unsafe" } };
  }
  const outputs = [
    ...kept.map((image) => outputOf(image, "image/png")),
    outputOf(result.video, "video/mp4"),
  ].filter((o): o is ProviderOutput => o !== undefined);
  if (outputs.length === 0) {
    return { status: "failed", providerJobId: requestId, failure: { kind: "empty_output", message: "fal finished without any output" } };
  }
  return { status: "succeeded", providerJobId: requestId, outputs };
}
