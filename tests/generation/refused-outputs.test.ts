import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyJobState } from "../../lib/generations/apply-job-state";
import type { GenerationRow } from "../../lib/generations/generation-row";
import type { ProviderOutput } from "../../lib/providers/types";
import { createUser, reserve } from "../db/money";
import { startInternalService, type InternalService } from "../fakes/internal-service";
import { mediaFor } from "../fakes/media-bytes";
import { backendFactories, uniqueUserId, type Backend } from "../support/backends";

// A hosts file for this test: the output path resolves names through node:dns as in production,
// and these names answer what the test needs. Any other name does not resolve.
const HOSTS = vi.hoisted(() => ({
  "v3.fal.media": ["10.0.0.1"],
  "cdn.elsewhere.example": ["93.184.215.14"],
}) as Record<string, string[]>);
vi.mock("node:dns/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:dns/promises")>();
  const lookup = async (hostname: string) => {
    const addresses = HOSTS[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { ...actual, lookup, default: { ...actual, lookup } };
});

const PNG = mediaFor("x.png").bytes;
const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-refused-"));

type Case = { name: string; kind: "image" | "video"; provider: string; url: () => string };

// Each of these ends the job failed and refunded once, with output_refused, and stores nothing.
describe.each(backendFactories())("outputs the policy refuses, on $name", ({ open }) => {
  let b: Backend;
  let cdn: Server;
  let cdnUrl = "";
  let internal: InternalService;
  const cdnHits: string[] = [];

  beforeAll(async () => {
    internal = await startInternalService();
    cdn = createServer((req, res) => {
      cdnHits.push(`${req.headers.host} ${req.url}`);
      if (req.url === "/to-internal.png") return res.writeHead(302, { location: `${internal.url}/latest/meta-data/out.png` }).end();
      if (req.url === "/page.png") return res.writeHead(200, { "content-type": "image/png" }).end("<html><script>fetch('/api/me')</script></html>");
      if (req.url === "/still.mp4") return res.writeHead(200, { "content-type": "video/mp4" }).end(PNG);
      res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    });
    await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
    const { port } = cdn.address() as AddressInfo;
    cdnUrl = `http://127.0.0.1:${port}`;
    vi.stubEnv("DATA_DIR", dataDir);
    // The local server stands in for the providers' CDNs; localhost is on Replicate's list here,
    // so the http: case is refused for its scheme alone.
    vi.stubEnv("UNSAFE_OUTPUT_FETCH_TEST_ORIGINS", cdnUrl);
    vi.stubEnv("REPLICATE_OUTPUT_HOSTS", "replicate.delivery,localhost");
    b = await open();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await b?.close();
    await internal?.close();
    await new Promise<void>((resolve) => cdn.close(() => resolve()));
  });

  async function finishWith(kind: "image" | "video", provider: string, outputs: ProviderOutput[]) {
    const userId = uniqueUserId("refused");
    await createUser(b.db, userId, 100);
    const reserved = await reserve(b.db, userId, { kind, provider, price: 8 });
    expect(reserved.code).toBe("ok");
    const row = reserved.generation as GenerationRow;
    // As a poll or webhook sees it: running at the provider, then finished with these outputs.
    const running = await applyJobState(b.db, row, { status: "running", providerJobId: `job-${row.id}` });
    const applied = await applyJobState(b.db, running.generation, { status: "succeeded", providerJobId: `job-${row.id}`, outputs });
    const ledger = await b.sql.query<{ reason: string; delta: number }>("select reason, delta from credit_ledger where ref = $1 order by id", [row.id]);
    return { row, applied, ledger: ledger.map((r) => [r.reason, Number(r.delta)]) };
  }

  const cases: Case[] = [
    { name: "a redirect to 127.0.0.1", kind: "image", provider: "fal", url: () => `${cdnUrl}/to-internal.png` },
    { name: "an http: URL", kind: "image", provider: "replicate", url: () => `${cdnUrl.replace("127.0.0.1", "localhost")}/out.png` },
    { name: "a host not allowed", kind: "image", provider: "fal", url: () => "https://cdn.elsewhere.example/out.png" },
    { name: "a DNS name resolving to 10.0.0.1", kind: "image", provider: "fal", url: () => "https://v3.fal.media/files/out.png" },
    { name: "a file whose bytes are not the declared media", kind: "image", provider: "fal", url: () => `${cdnUrl}/page.png` },
    { name: "an image served as the video a video job makes", kind: "video", provider: "fal", url: () => `${cdnUrl}/still.mp4` },
  ];
  for (const c of cases) {
    it(`refunds once and stores nothing for ${c.name}`, async () => {
      const before = cdnHits.length;
      const { row, applied, ledger } = await finishWith(c.kind, c.provider, [{ type: "url", url: c.url(), contentType: c.kind === "video" ? "video/mp4" : "image/png" }]);
      expect(applied.generation).toMatchObject({ status: "failed", refunded: true, error: { code: "output_refused" } });
      expect(applied.generation.error?.message).toMatch(/refunded/);
      expect(applied.balance).toBe(100);
      expect(ledger).toEqual([["reserve", -8], ["refund", 8]]);
      expect(existsSync(path.join(dataDir, "artifacts", row.id))).toBe(false);
      expect(internal.requests).toEqual([]);
      // Only the bytes cases ever reach the stand-in CDN, once: nothing refused is asked again.
      expect(cdnHits.length - before).toBeLessThanOrEqual(1);
    });
  }

  it("keeps the same kind of output from an allowed origin, so the refusals above are the policy's", async () => {
    const { row, applied, ledger } = await finishWith("image", "fal", [{ type: "url", url: `${cdnUrl}/out.png` }]);
    expect(applied.generation).toMatchObject({ status: "succeeded", refunded: false, outputs: [{ key: `${row.id}/0.png`, contentType: "image/png", size: PNG.length }] });
    expect(ledger).toEqual([["reserve", -8]]);
    expect(existsSync(path.join(dataDir, "artifacts", row.id, "0.png"))).toBe(true);
  });
});
