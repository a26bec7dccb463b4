import "server-only";
import { createHash } from "node:crypto";
import { imageSize } from "image-size";
import { ApiError } from "@/lib/http/api-error";
import type { ArtifactStore } from "@/lib/storage/types";
import { sniffMediaType, type MediaType } from "@/lib/storage/media-types";

// Anchor images are uploads: checked from their bytes (type, size, pixels), stored content-addressed
// in durable storage, and referenced by key. Generation rows, views and history never carry them.

export const ANCHOR_MAX_BYTES = 3 * 1024 * 1024;
/** Faces need some resolution to train on; beyond this a photo is only slower to move around. */
export const ANCHOR_MIN_SIDE = 256;
export const ANCHOR_MAX_SIDE = 6000;
const ANCHOR_TYPES = ["image/png", "image/jpeg", "image/webp"];

export type Anchor = { bytes: Buffer; type: MediaType; digest: string };
export type StoredAnchors = { keys: string[]; hash: string };

function refuse(index: number, message: string): never {
  throw new ApiError("invalid_request", `Anchor ${index + 1}: ${message}`, { issues: [{ path: ["anchors", index], message }] });
}

/** The images of a request's data URLs, each checked from its bytes, whatever it claims to be. */
export function readAnchors(dataUrls: string[]): Anchor[] {
  return dataUrls.map((url, index) => {
    const match = /^data:[^;,]*;base64,([A-Za-z0-9+/=]+)$/.exec(url);
    if (!match) refuse(index, "upload a PNG, JPEG or WebP image.");
    const bytes = Buffer.from(match[1], "base64");
    if (bytes.byteLength > ANCHOR_MAX_BYTES) refuse(index, `the image is larger than ${ANCHOR_MAX_BYTES / 1024 / 1024} MB.`);
    const type = sniffMediaType(bytes);
    if (!type || !ANCHOR_TYPES.includes(type.contentType)) refuse(index, "the file is not a PNG, JPEG or WebP image.");
    let size: { width?: number; height?: number };
    try {
      size = imageSize(bytes);
    } catch {
      refuse(index, "the image could not be read.");
    }
    const { width = 0, height = 0 } = size;
    if (Math.min(width, height) < ANCHOR_MIN_SIDE) refuse(index, `the image is ${width}x${height}; use one at least ${ANCHOR_MIN_SIDE} pixels on each side.`);
    if (Math.max(width, height) > ANCHOR_MAX_SIDE) refuse(index, `the image is ${width}x${height}; use one at most ${ANCHOR_MAX_SIDE} pixels on a side.`);
    return { bytes, type, digest: createHash("sha256").update(bytes).digest("hex") };
  });
}

/**
 * Where a user's anchors are kept: by content, so the same photo is stored once, and the set's
 * hash (over the images, in a fixed order) names the character they train.
 */
export function anchorKeysOf(userId: string, anchors: Anchor[]): StoredAnchors {
  const owner = createHash("sha256").update(userId).digest("hex").slice(0, 24);
  const digests = [...new Set(anchors.map((a) => a.digest))].sort();
  return {
    keys: anchors.map((a) => `anchors/${owner}/${a.digest}.${a.type.extension}`),
    hash: createHash("sha256").update(digests.join("\n")).digest("hex"),
  };
}

export async function storeAnchors(store: ArtifactStore, anchors: Anchor[], keys: string[]): Promise<void> {
  await Promise.all(anchors.map((a, i) => store.put(keys[i]!, a.bytes, a.type.contentType)));
}
