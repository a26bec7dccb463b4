/** A body larger than its limit, by its declared length or by what actually arrived. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the body is larger than the ${limit} bytes allowed`);
    this.name = "BodyTooLargeError";
  }
}

/** Reads a stream to the end, refusing it past `limit` bytes whatever Content-Length claims. */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
): Promise<Buffer> {
  if (Number(declaredLength ?? 0) > limit) throw new BodyTooLargeError(limit);
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
