import "server-only";
import type { ProviderOutput } from "@/lib/providers/types";
import { getArtifactStore, type ArtifactStore } from "@/lib/storage/artifact-store";
import { MAX_MEDIA_BYTES, mediaTypeOf, sniffMediaType, type MediaType } from "@/lib/storage/media-types";
import { BodyTooLargeError, readCapped } from "@/lib/http/read-capped";
import type { StoredOutput } from "./generation-row";

const ATTEMPTS = 3;
const RETRY_DELAYS_MS = [300, 900];
const FETCH_TIMEOUT_MS = Number(process.env.OUTPUT_FETCH_TIMEOUT_MS) || 120_000;

/** An output that could not be kept: the job fails and is refunded. */
export class OutputStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OutputStoreError";
  }
}

async function download(output: ProviderOutput): Promise<{ bytes: Uint8Array; declared?: string }> {
  if (output.type === "inline") return { bytes: Buffer.from(output.base64, "base64"), declared: output.contentType };
  const dataUrl = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(output.url);
  if (dataUrl) {
    const bytes = dataUrl[2] ? Buffer.from(dataUrl[3], "base64") : Buffer.from(decodeURIComponent(dataUrl[3]));
    return { bytes, declared: dataUrl[1] };
  }
  if (!/^https?:\/\//i.test(output.url)) throw new OutputStoreError("the output is not an http(s) or data: URL");
  const res = await fetch(output.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`fetching the output answered HTTP ${res.status}`);
  }
  const bytes = await readCapped(res.body, res.headers.get("content-length"), MAX_MEDIA_BYTES).catch((error) => {
    throw error instanceof BodyTooLargeError ? new OutputStoreError(`the output is larger than the ${MAX_MEDIA_BYTES} bytes allowed`) : error;
  });
  return { bytes, declared: res.headers.get("content-type") ?? output.contentType };
}

/** The bytes' own type first: CDNs often label media application/octet-stream. */
function typeOf(bytes: Uint8Array, declared?: string): MediaType {
  const sniffed = sniffMediaType(bytes);
  const type = sniffed ?? mediaTypeOf(declared);
  if (!type) throw new OutputStoreError(`the output's type (${declared ?? "unknown"}) is not an image or video we keep`);
  if (type.contentType === "image/svg+xml" && sniffed?.contentType !== "image/svg+xml") {
    throw new OutputStoreError("the output claims to be SVG but is not");
  }
  if (bytes.byteLength === 0) throw new OutputStoreError("the output is empty");
  if (bytes.byteLength > type.maxBytes) throw new OutputStoreError(`the output is larger than the ${type.maxBytes} bytes allowed for ${type.contentType}`);
  return type;
}

async function withRetries<T>(what: string, fn: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      return await fn();
    } catch (error) {
      // A file that is too large or of the wrong type will not get better by asking again.
      if (error instanceof OutputStoreError) throw error;
      last = error;
      if (attempt < ATTEMPTS - 1) await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
    }
  }
  throw new OutputStoreError(`${what} failed ${ATTEMPTS} times: ${(last as Error)?.message ?? last}`, { cause: last });
}

/**
 * Copies a finished job's outputs into durable storage (provider URLs expire within the hour),
 * under keys derived from the generation so a second copy overwrites rather than duplicates.
 */
export async function storeOutputs(
  generationId: string,
  outputs: ProviderOutput[],
  store: ArtifactStore = getArtifactStore(),
): Promise<StoredOutput[]> {
  return Promise.all(
    outputs.map(async (output, index) => {
      const { bytes, declared } = await withRetries("downloading the output", () => download(output));
      const type = typeOf(bytes, declared);
      const key = `${generationId}/${index}.${type.extension}`;
      await withRetries("storing the output", () => store.put(key, bytes, type.contentType));
      return { key, contentType: type.contentType, size: bytes.byteLength };
    }),
  );
}
