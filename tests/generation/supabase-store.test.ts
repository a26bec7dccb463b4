import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupabaseStore } from "../../lib/storage/supabase-store";

const KEY = "service-role-key";

/** Just enough of Supabase Storage's HTTP API for supabase-js: buckets, uploads and signed links. */
function startStorageFake() {
  const buckets = new Set<string>();
  const objects = new Map<string, { bytes: Buffer; contentType: string; upsert: string }>();
  const calls: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://x");
    calls.push(`${req.method} ${url.pathname}`);
    const send = (status: number, json: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    if (req.headers.authorization !== `Bearer ${KEY}` || req.headers.apikey !== KEY) return send(403, { statusCode: "403", error: "Unauthorized", message: "bad key" });
    if (req.method === "POST" && url.pathname === "/storage/v1/bucket") {
      const { name, public: isPublic } = JSON.parse(body.toString());
      if (isPublic !== false) return send(400, { statusCode: "400", error: "public", message: "expected a private bucket" });
      if (buckets.has(name)) return send(400, { statusCode: "409", error: "Duplicate", message: "The resource already exists" });
      buckets.add(name);
      return send(200, { name });
    }
    const sign = /^\/storage\/v1\/object\/sign\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (req.method === "POST" && sign) {
      if (!objects.has(`${sign[1]}/${sign[2]}`)) return send(400, { statusCode: "404", error: "not_found", message: "Object not found" });
      return send(200, { signedURL: `/object/sign/${sign[1]}/${sign[2]}?token=signed-token` });
    }
    const upload = /^\/storage\/v1\/object\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (req.method === "POST" && upload) {
      if (!buckets.has(upload[1])) return send(400, { statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
      objects.set(`${upload[1]}/${upload[2]}`, { bytes: body, contentType: String(req.headers["content-type"]), upsert: String(req.headers["x-upsert"]) });
      return send(200, { Key: `${upload[1]}/${upload[2]}`, Id: "1" });
    }
    send(404, { statusCode: "404", error: "not_found", message: "no route" });
  });
  return { server, buckets, objects, calls };
}

describe("Supabase Storage through supabase-js", () => {
  const fake = startStorageFake();
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(fake.server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it("creates a private bucket once, uploads with the content type, and serves signed links", async () => {
    const store = createSupabaseStore(url, KEY, "generations");
    await store.put("gen-1/0.png", Buffer.from("png-bytes"), "image/png");
    await store.put("gen-1/1.mp4", Buffer.from("mp4-bytes"), "video/mp4");
    expect(fake.calls.filter((c) => c === "POST /storage/v1/bucket")).toHaveLength(1);
    expect(fake.objects.get("generations/gen-1/0.png")).toMatchObject({ contentType: "image/png", upsert: "true" });
    expect(fake.objects.get("generations/gen-1/0.png")!.bytes.toString()).toBe("png-bytes");

    const served = await store.get("gen-1/0.png");
    expect(served).toEqual({ type: "redirect", url: `${url}/storage/v1/object/sign/generations/gen-1/0.png?token=signed-token` });
    expect(await store.get("gen-1/9.png")).toBeNull();
  });

  it("accepts a bucket that already exists", async () => {
    const store = createSupabaseStore(url, KEY, "generations");
    await store.put("gen-2/0.png", Buffer.from("x"), "image/png");
    expect(fake.objects.has("generations/gen-2/0.png")).toBe(true);
  });

  it("reports a failed upload as an error, for the retry and refund above it", async () => {
    const store = createSupabaseStore(url, "wrong-key", "generations");
    await expect(store.put("gen-3/0.png", Buffer.from("x"), "image/png")).rejects.toThrow();
  });
});
