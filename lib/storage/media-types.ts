// The media a generation may keep: which types, which file extension each is stored under, and
// how large a file may be. Anything else a provider hands over is refused, not stored.

export type MediaType = { contentType: string; extension: string; kind: "image" | "video"; maxBytes: number };

const MB = 1024 * 1024;

export const MEDIA_TYPES: readonly MediaType[] = [
  { contentType: "image/png", extension: "png", kind: "image", maxBytes: 25 * MB },
  { contentType: "image/jpeg", extension: "jpg", kind: "image", maxBytes: 25 * MB },
  { contentType: "image/webp", extension: "webp", kind: "image", maxBytes: 25 * MB },
  { contentType: "image/gif", extension: "gif", kind: "image", maxBytes: 25 * MB },
  { contentType: "image/svg+xml", extension: "svg", kind: "image", maxBytes: 2 * MB },
  { contentType: "video/mp4", extension: "mp4", kind: "video", maxBytes: 300 * MB },
  { contentType: "video/webm", extension: "webm", kind: "video", maxBytes: 300 * MB },
  { contentType: "video/quicktime", extension: "mov", kind: "video", maxBytes: 300 * MB },
];

export function mediaTypeOf(contentType: string | null | undefined): MediaType | undefined {
  const bare = contentType?.split(";")[0].trim().toLowerCase();
  if (bare === "image/jpg") return MEDIA_TYPES[1];
  return MEDIA_TYPES.find((t) => t.contentType === bare);
}

/** The type a stored file's extension stands for. */
export function mediaTypeOfExtension(extension: string): MediaType | undefined {
  return MEDIA_TYPES.find((t) => t.extension === extension.toLowerCase());
}

/**
 * The type the bytes themselves declare. Providers and CDNs often answer
 * application/octet-stream; the first bytes of a file are more reliable than the header.
 */
export function sniffMediaType(bytes: Uint8Array): MediaType | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0x89 && ascii(1, 4) === "PNG") return mediaTypeOf("image/png");
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return mediaTypeOf("image/jpeg");
  if (ascii(0, 4) === "GIF8") return mediaTypeOf("image/gif");
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return mediaTypeOf("image/webp");
  if (ascii(4, 8) === "ftyp") return ascii(8, 10) === "qt" ? mediaTypeOf("video/quicktime") : mediaTypeOf("video/mp4");
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return mediaTypeOf("video/webm");
  const head = Buffer.from(bytes.subarray(0, 256)).toString("utf8").trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head)) return mediaTypeOf("image/svg+xml");
  return undefined;
}
