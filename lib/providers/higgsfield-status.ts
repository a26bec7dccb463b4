// Higgsfield's request status (submit answer, status poll and webhook body alike) as our job state:
// queued, in_progress, completed with `images:[{url}]` or `video:{url}`, failed, nsfw.
import { contentTypeOfUrl } from "./content-type-of-url";
import type { JobState, ProviderOutput } from "./types";

type HiggsfieldFile = { url?: unknown } | null | undefined;
export type HiggsfieldStatusLike = { request_id?: unknown; status?: unknown; images?: unknown; video?: HiggsfieldFile; error?: unknown };

function outputOf(file: HiggsfieldFile, fallback: string): ProviderOutput | undefined {
  if (!file || typeof file.url !== "string" || !file.url) return undefined;
  return { type: "url", url: file.url, contentType: contentTypeOfUrl(file.url) ?? fallback };
}

export function stateOfHiggsfieldStatus(body: HiggsfieldStatusLike, knownId?: string): JobState {
  const id = typeof body.request_id === "string" ? body.request_id : (knownId ?? "");
  switch (body.status) {
    case "queued":
      return { status: "queued", providerJobId: id };
    case "in_progress":
      return { status: "running", providerJobId: id };
    case "completed": {
      const images = Array.isArray(body.images) ? (body.images as HiggsfieldFile[]) : [];
      const outputs = [...images.map((image) => outputOf(image, "image/png")), outputOf(body.video, "video/mp4")].filter(
        (o): o is ProviderOutput => o !== undefined,
      );
      if (outputs.length === 0) {
        return { status: "failed", providerJobId: id, failure: { kind: "empty_output", message: "Higgsfield finished without any output" } };
      }
      return { status: "succeeded", providerJobId: id, outputs };
    }
    case "nsfw":
      return { status: "failed", providerJobId: id, failure: { kind: "moderation", message: "Higgsfield refused the request as unsafe (nsfw)" } };
    case "failed":
      return { status: "failed", providerJobId: id, failure: { kind: "http", message: `Higgsfield failed the request${typeof body.error === "string" ? `: ${body.error}` : ""}` } };
    case "canceled":
    case "cancelled":
      return { status: "failed", providerJobId: id, failure: { kind: "cancelled", message: "the request was cancelled" } };
    default:
      return { status: "failed", providerJobId: id, failure: { kind: "malformed", message: `Higgsfield answered an unknown status: ${String(body.status)}` } };
  }
}
