import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutputUrlRefusedError } from "../../lib/http/check-output-url";
import { fetchOutput, type ResolveHost } from "../../lib/http/fetch-output";
import type { OutputUrlPolicy } from "../../lib/http/output-url-policy";

const options = (resolve: ResolveHost) => ({ signal: AbortSignal.timeout(5_000), maxBytes: 1024, resolve });

/** A resolver answering from a table, and recording each name it was asked. */
function hosts(table: Record<string, string[][]>) {
  const asked: string[] = [];
  const resolve: ResolveHost = async (hostname) => {
    asked.push(hostname);
    const answers = table[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    // Each call takes the next answer set, the last one repeating: a name that changes its answer.
    const set = answers[Math.min(asked.filter((h) => h === hostname).length - 1, answers.length - 1)];
    return set.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { asked, resolve };
}

describe("the outbound fetch of a provider output", () => {
  let server: Server;
  let port = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.headers.host} ${req.url}`);
      if (req.url === "/to-fal") return res.writeHead(302, { location: "https://v3.fal.media/files/out.png" }).end();
      res.writeHead(200, { "content-type": "image/png" }).end("fake-png-bytes");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fal: OutputUrlPolicy = { hosts: ["fal.media"], testOrigins: [] };

  it("refuses a host when any one of its addresses is not public", async () => {
    for (const answer of [["10.0.0.1"], ["93.184.215.14", "10.0.0.1"], ["169.254.169.254"], ["::1"], ["::ffff:192.168.0.7"]]) {
      const { resolve } = hosts({ "v3.fal.media": [answer] });
      await expect(fetchOutput("https://v3.fal.media/files/out.png", fal, options(resolve))).rejects.toThrow(OutputUrlRefusedError);
    }
  });

  it("connects to the address it checked, asking DNS once, so a changed answer cannot redirect the connection", async () => {
    // cdn.test exists only in this table, and answers a different address the second time.
    const policy: OutputUrlPolicy = { hosts: [], testOrigins: [`http://cdn.test:${port}`] };
    const { asked, resolve } = hosts({ "cdn.test": [["127.0.0.1"], ["10.66.66.66"]] });
    const { bytes, contentType } = await fetchOutput(`http://cdn.test:${port}/files/a.png`, policy, options(resolve));
    expect(bytes.toString()).toBe("fake-png-bytes");
    expect(contentType).toBe("image/png");
    expect(asked).toEqual(["cdn.test"]);
    expect(seen.at(-1)).toBe(`cdn.test:${port} /files/a.png`);
  });

  it("resolves and checks each redirect hop before connecting to it", async () => {
    const policy: OutputUrlPolicy = { hosts: ["fal.media"], testOrigins: [`http://127.0.0.1:${port}`] };
    const { asked, resolve } = hosts({ "v3.fal.media": [["169.254.169.254"]] });
    await expect(fetchOutput(`http://127.0.0.1:${port}/to-fal`, policy, options(resolve))).rejects.toThrow(/resolves to 169\.254\.169\.254/);
    expect(asked).toEqual(["v3.fal.media"]);
  });

  it("reports a name that does not resolve as a failure worth retrying, not a refusal", async () => {
    const { resolve } = hosts({});
    const failure = await fetchOutput("https://v3.fal.media/files/out.png", fal, options(resolve)).catch((error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(OutputUrlRefusedError);
    expect(failure.message).toMatch(/ENOTFOUND/);
  });
});
