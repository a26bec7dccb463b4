import "server-only";
import { OutputUrlRefusedError } from "@/lib/http/check-output-url";
import { fetchOutput } from "@/lib/http/fetch-output";
import { outputUrlPolicy, type OutputUrlPolicy } from "@/lib/http/output-url-policy";
import { BodyTooLargeError } from "@/lib/http/read-capped";
import type { ProviderOutput } from "@/lib/providers/types";
import { getArtifactStore, type ArtifactStore } from "@/lib/storage/artifact-store";
import { MEDIA_TYPES, sniffMediaType, type MediaType } from "@/lib/storage/media-types";
import type { GenerationRow, StoredOutput } from "./generation-row";

const ATTEMPTS = 3;
const RETRY_DELAYS_MS = [300, 900];
const FETCH_TIMEOUT_MS = Number(process.env.OUTPUT_FETCH_TIMEOUT_MS) || 120_000;

/** The generation whose outputs are kept: its id names the files, its kind and provider say what may be kept. */
export type OutputJob = Pick<GenerationRow, "id" | "kind" | "provider">;

/**
 * An output that could not be kept: the job fails and is refunded. `output_refused` when the
 * output broke the outbound or media policy, `storage_failed` when it could not be copied.
 */
export class OutputStoreError extends Error {
  constructor(
    message: string,
    readonly code: "storage_failed" | "output_refused" = "storage_failed",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OutputStoreError";
  }
}

const SVG = "image/svg+xml";
const KINDS_OF_JOB: Partial<Record<GenerationRow["kind"], MediaType["kind"][]>> = {
  image: ["image"],
  video: ["video"],
  // A Director job ends in a shot and may hand back its keyframe with it.
  director: ["video", "image"],
};

/**
 * The media a job may keep: its kind's media. SVG is markup that can carry script: only the demo
 * provider, whose own renderer draws its images as SVG, may hand it over.
 */
function acceptedMedia(job: OutputJob): MediaType[] {
  const kinds = KINDS_OF_JOB[job.kind] ?? [];
  return MEDIA_TYPES.filter((t) => (kinds.includes(t.kind) && t.contentType !== SVG) || (job.provider === "demo" && t.contentType === SVG));
}

type Download = { bytes: Uint8Array; declared?: string };

async function download(output: ProviderOutput, policy: OutputUrlPolicy, maxBytes: number): Promise<Download> {
  if (output.type === "inline") return { bytes: Buffer.from(output.base64, "base64"), declared: output.contentType };
  const dataUrl = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(output.url);
  if (dataUrl) {
    const bytes = dataUrl[2] ? Buffer.from(dataUrl[3], "base64") : Buffer.from(decodeURIComponent(dataUrl[3]));
    return { bytes, declared: dataUrl[1] };
  }
  try {
    const { bytes, contentType } = await fetchOutput(output.url, policy, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), maxBytes });
    return { bytes, declared: contentType ?? output.contentType };
  } catch (error) {
    if (error instanceof OutputUrlRefusedError) throw new OutputStoreError(error.message, "output_refused");
    if (error instanceof BodyTooLargeError) throw new OutputStoreError(`the output is larger than the ${maxBytes} bytes allowed`);
    throw error;
  }
}

/** The type the bytes themselves are, whatever was declared; it must be one the job may keep. */
function typeOf(bytes: Uint8Array, declared: string | undefined, accepted: MediaType[], job: OutputJob): MediaType {
  if (bytes.byteLength === 0) throw new OutputStoreError("the output is empty");
  const type = sniffMediaType(bytes);
  if (!type) throw new OutputStoreError(`the output's bytes are not an image or video we keep (declared ${declared ?? "nothing"})`, "output_refused");
  if (!accepted.includes(type)) {
    throw new OutputStoreError(`the output is ${type.contentType} (declared ${declared ?? "nothing"}), which a ${job.provider} ${job.kind} job may not keep`, "output_refused");
  }
  if (bytes.byteLength > type.maxBytes) throw new OutputStoreError(`the output is larger than the ${type.maxBytes} bytes allowed for ${type.contentType}`);
  return type;
}

async function withRetries<T>(what: string, fn: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      return await fn();
    } catch (error) {
      // A refused, oversized or mistyped file will not get better by asking again.
      if (error instanceof OutputStoreError) throw error;
      last = error;
      if (attempt < ATTEMPTS - 1) await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
    }
  }
  throw new OutputStoreError(`${what} failed ${ATTEMPTS} times: ${(last as Error)?.message ?? last}`, "storage_failed", { cause: last });
}

export type StoreOutputsOptions = {
  store?: ArtifactStore;
  /** Where outputs may be downloaded from; the provider's configured policy by default. */
  policy?: OutputUrlPolicy;
  /** Names the files apart from the job's final outputs (a Director keyframe: "keyframe-"). */
  prefix?: string;
};

/**
 * Copies a finished job's outputs into durable storage (provider URLs expire within the hour),
 * under keys derived from the generation so a second copy overwrites rather than duplicates.
 * Every output is checked before anything is written, so a refused one leaves nothing stored.
 */
export async function storeOutputs(job: OutputJob, outputs: ProviderOutput[], options: StoreOutputsOptions = {}): Promise<StoredOutput[]> {
  const store = options.store ?? getArtifactStore();
  const policy = options.policy ?? outputUrlPolicy(job.provider);
  const accepted = acceptedMedia(job);
  const maxBytes = Math.max(0, ...accepted.map((t) => t.maxBytes));
  const files = await Promise.all(
    outputs.map(async (output) => {
      const { bytes, declared } = await withRetries("downloading the output", () => download(output, policy, maxBytes));
      return { bytes, type: typeOf(bytes, declared, accepted, job) };
    }),
  );
  return Promise.all(
    files.map(async ({ bytes, type }, index) => {
      const key = `${job.id}/${options.prefix ?? ""}${index}.${type.extension}`;
      await withRetries("storing the output", () => store.put(key, bytes, type.contentType));
      return { key, contentType: type.contentType, size: bytes.byteLength };
    }),
  );
}
