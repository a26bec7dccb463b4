import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutputStoreError, storeOutputs } from "../../lib/generations/store-outputs";
import { createLocalStore } from "../../lib/storage/local-store";
import { sniffMediaType } from "../../lib/storage/media-types";
import { mediaFor } from "../fakes/media-bytes";

const PNG = mediaFor("x.png").bytes;
const MP4 = mediaFor("x.mp4").bytes;

describe("the durable copy of outputs", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-store-"));
  const store = createLocalStore({ DATA_DIR: dataDir });
  const hits = new Map<string, number>();
  let server: Server;
  let base = "";

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? "/";
      hits.set(url, (hits.get(url) ?? 0) + 1);
      if (url === "/flaky.png" && hits.get(url)! < 3) return res.writeHead(503).end();
      if (url === "/flaky.png" || url === "/octet.png") return res.writeHead(200, { "content-type": "application/octet-stream" }).end(PNG);
      if (url === "/video.mp4") return res.writeHead(200, { "content-type": "video/mp4" }).end(MP4);
      if (url === "/page.html") return res.writeHead(200, { "content-type": "text/html" }).end("<html><script>alert(1)</script></html>");
      if (url === "/huge.mp4") return res.writeHead(200, { "content-type": "video/mp4", "content-length": String(2 * 1024 ** 3) }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("keeps inline and linked outputs under keys of the generation, typed by their bytes", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>DEMO</text></svg>');
    const stored = await storeOutputs("gen-1", [
      { type: "inline", base64: svg.toString("base64"), contentType: "image/svg+xml" },
      { type: "url", url: `${base}/octet.png` },
      { type: "url", url: `${base}/video.mp4` },
      { type: "url", url: `data:image/png;base64,${PNG.toString("base64")}` },
    ], store);
    expect(stored).toEqual([
      { key: "gen-1/0.svg", contentType: "image/svg+xml", size: svg.length },
      { key: "gen-1/1.png", contentType: "image/png", size: PNG.length },
      { key: "gen-1/2.mp4", contentType: "video/mp4", size: MP4.length },
      { key: "gen-1/3.png", contentType: "image/png", size: PNG.length },
    ]);
    expect(readFileSync(path.join(dataDir, "artifacts", "gen-1", "1.png")).equals(PNG)).toBe(true);
  });

  it("retries a download that fails for a moment", async () => {
    const [stored] = await storeOutputs("gen-2", [{ type: "url", url: `${base}/flaky.png` }], store);
    expect(stored.contentType).toBe("image/png");
    expect(hits.get("/flaky.png")).toBe(3);
  });

  it("gives up after three attempts on an output that answers 404", async () => {
    await expect(storeOutputs("gen-3", [{ type: "url", url: `${base}/gone.png` }], store)).rejects.toBeInstanceOf(OutputStoreError);
    expect(hits.get("/gone.png")).toBe(3);
  });

  it("refuses, without retrying, what is not an image or video and what is too large", async () => {
    await expect(storeOutputs("gen-4", [{ type: "url", url: `${base}/page.html` }], store)).rejects.toThrow(/not an image or video/);
    expect(hits.get("/page.html")).toBe(1);
    await expect(storeOutputs("gen-5", [{ type: "url", url: `${base}/huge.mp4` }], store)).rejects.toThrow(/allowed/);
    await expect(storeOutputs("gen-6", [{ type: "inline", base64: "PHNjcmlwdD4=", contentType: "image/svg+xml" }], store)).rejects.toBeInstanceOf(OutputStoreError);
    await expect(storeOutputs("gen-7", [{ type: "url", url: "file:///etc/passwd" }], store)).rejects.toBeInstanceOf(OutputStoreError);
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
