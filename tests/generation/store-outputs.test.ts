import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutputStoreError, storeOutputs, type OutputJob } from "../../lib/generations/store-outputs";
import { outputUrlPolicy } from "../../lib/http/output-url-policy";
import { createLocalStore } from "../../lib/storage/local-store";
import { sniffMediaType } from "../../lib/storage/media-types";
import { startInternalService, type InternalService } from "../fakes/internal-service";
import { mediaFor } from "../fakes/media-bytes";

const PNG = mediaFor("x.png").bytes;
const MP4 = mediaFor("x.mp4").bytes;

const job = (id: string, kind: OutputJob["kind"] = "image", provider = "fal"): OutputJob => ({ id, kind, provider });

describe("the durable copy of outputs", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-store-"));
  const store = createLocalStore({ DATA_DIR: dataDir });
  const hits = new Map<string, number>();
  let server: Server;
  let internal: InternalService;
  let base = "";
  // The local server stands in for a provider's CDN, so the test setting names its origin.
  const policy = () => outputUrlPolicy("fal", { UNSAFE_OUTPUT_FETCH_TEST_ORIGINS: base });
  const stored = (key: string) => existsSync(path.join(dataDir, "artifacts", key));

  beforeAll(async () => {
    internal = await startInternalService();
    server = createServer((req, res) => {
      const url = req.url ?? "/";
      hits.set(url, (hits.get(url) ?? 0) + 1);
      if (url === "/flaky.png" && hits.get(url)! < 3) return res.writeHead(503).end();
      if (url === "/flaky.png" || url === "/octet.png") return res.writeHead(200, { "content-type": "application/octet-stream" }).end(PNG);
      if (url === "/video.mp4") return res.writeHead(200, { "content-type": "video/mp4" }).end(MP4);
      if (url === "/page.html") return res.writeHead(200, { "content-type": "text/html" }).end("<html><script>alert(1)</script></html>");
      if (url === "/huge.mp4") return res.writeHead(200, { "content-type": "video/mp4", "content-length": String(2 * 1024 ** 3) }).end();
      if (url === "/to-internal.png") return res.writeHead(302, { location: `${internal.url}/latest/meta-data/out.png` }).end();
      if (url.startsWith("/loop")) return res.writeHead(302, { location: `${url}x` }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await internal.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("keeps inline and linked outputs under keys of the generation, typed by their bytes", async () => {
    const kept = await storeOutputs(job("gen-1", "director"), [
      { type: "url", url: `${base}/octet.png` },
      { type: "url", url: `${base}/video.mp4` },
      { type: "url", url: `data:image/png;base64,${PNG.toString("base64")}` },
    ], { store, policy: policy() });
    expect(kept).toEqual([
      { key: "gen-1/0.png", contentType: "image/png", size: PNG.length },
      { key: "gen-1/1.mp4", contentType: "video/mp4", size: MP4.length },
      { key: "gen-1/2.png", contentType: "image/png", size: PNG.length },
    ]);
    expect(readFileSync(path.join(dataDir, "artifacts", "gen-1", "0.png")).equals(PNG)).toBe(true);
  });

  it("keeps the demo provider's SVG, and SVG from no other provider", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>DEMO</text></svg>');
    const inline = { type: "inline" as const, base64: svg.toString("base64"), contentType: "image/svg+xml" };
    expect(await storeOutputs(job("gen-svg", "video", "demo"), [inline], { store })).toEqual([
      { key: "gen-svg/0.svg", contentType: "image/svg+xml", size: svg.length },
    ]);
    await expect(storeOutputs(job("gen-svg-fal", "image", "fal"), [inline], { store })).rejects.toMatchObject({ code: "output_refused" });
    expect(stored("gen-svg-fal/0.svg")).toBe(false);
  });

  it("retries a download that fails for a moment", async () => {
    const [kept] = await storeOutputs(job("gen-2"), [{ type: "url", url: `${base}/flaky.png` }], { store, policy: policy() });
    expect(kept.contentType).toBe("image/png");
    expect(hits.get("/flaky.png")).toBe(3);
  });

  it("gives up after three attempts on an output that answers 404", async () => {
    await expect(storeOutputs(job("gen-3"), [{ type: "url", url: `${base}/gone.png` }], { store, policy: policy() })).rejects.toBeInstanceOf(OutputStoreError);
    expect(hits.get("/gone.png")).toBe(3);
  });

  it("refuses, without retrying, what is not an image or video and what is too large", async () => {
    await expect(storeOutputs(job("gen-4"), [{ type: "url", url: `${base}/page.html` }], { store, policy: policy() })).rejects.toThrow(/not an image or video/);
    expect(hits.get("/page.html")).toBe(1);
    await expect(storeOutputs(job("gen-5"), [{ type: "url", url: `${base}/huge.mp4` }], { store, policy: policy() })).rejects.toThrow(/allowed/);
    await expect(storeOutputs(job("gen-6"), [{ type: "inline", base64: "PHNjcmlwdD4=", contentType: "image/svg+xml" }], { store })).rejects.toBeInstanceOf(OutputStoreError);
    await expect(storeOutputs(job("gen-7"), [{ type: "url", url: "file:///etc/passwd" }], { store, policy: policy() })).rejects.toBeInstanceOf(OutputStoreError);
  });

  it("refuses the same local URLs when the test setting does not name their origin", async () => {
    const before = hits.get("/octet.png") ?? 0;
    for (const env of [{}, { UNSAFE_OUTPUT_FETCH_TEST_ORIGINS: "http://127.0.0.1:1" }, { FAL_OUTPUT_HOSTS: "127.0.0.1" }]) {
      const refused = storeOutputs(job("gen-8"), [{ type: "url", url: `${base}/octet.png` }], { store, policy: outputUrlPolicy("fal", env) });
      await expect(refused).rejects.toMatchObject({ code: "output_refused" });
    }
    expect(hits.get("/octet.png") ?? 0).toBe(before);
    expect(stored("gen-8/0.png")).toBe(false);
  });

  it("checks every redirect again: the test setting opens its origins, not where they redirect", async () => {
    await expect(storeOutputs(job("gen-9"), [{ type: "url", url: `${base}/to-internal.png` }], { store, policy: policy() })).rejects.toMatchObject({ code: "output_refused" });
    expect(internal.requests).toEqual([]);
    await expect(storeOutputs(job("gen-10"), [{ type: "url", url: `${base}/loop` }], { store, policy: policy() })).rejects.toThrow(/redirected more than 3 times/);
    expect([...hits.keys()].filter((url) => url.startsWith("/loop"))).toHaveLength(4);
  });

  it("keeps only the media of the job's kind, whatever the file is labelled", async () => {
    // video.mp4 is served as video/mp4 and is one: an image job still may not keep it.
    await expect(storeOutputs(job("gen-11", "image"), [{ type: "url", url: `${base}/video.mp4` }], { store, policy: policy() })).rejects.toThrow(/video\/mp4.*may not keep/);
    await expect(storeOutputs(job("gen-12", "video"), [{ type: "inline", base64: PNG.toString("base64"), contentType: "video/mp4" }], { store })).rejects.toMatchObject({ code: "output_refused" });
  });

  it("stores nothing of a job when any one of its outputs is refused", async () => {
    const refused = storeOutputs(job("gen-13"), [
      { type: "url", url: `${base}/octet.png` },
      { type: "url", url: `${base}/page.html` },
    ], { store, policy: policy() });
    await expect(refused).rejects.toMatchObject({ code: "output_refused" });
    expect(existsSync(path.join(dataDir, "artifacts", "gen-13"))).toBe(false);
  });

  it("recognises media by its first bytes", () => {
    expect(sniffMediaType(PNG)?.contentType).toBe("image/png");
    expect(sniffMediaType(MP4)?.contentType).toBe("video/mp4");
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.contentType).toBe("image/jpeg");
    expect(sniffMediaType(Buffer.from("GIF89a"))?.contentType).toBe("image/gif");
    expect(sniffMediaType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))?.contentType).toBe("image/svg+xml");
    expect(sniffMediaType(Buffer.from("<html>"))).toBeUndefined();
  });
});
