import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFalProvider } from "@/lib/providers/fal";
import { parseFalWebhook, verifyFalWebhook } from "@/lib/providers/fal-webhook";
import { startFalFake, type FalFake } from "../fakes/fal-fake";
import { jobInput } from "./job-input";
import { startWebhookReceiver } from "./webhook-receiver";

let fake: FalFake;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  [fake, receiver] = await Promise.all([startFalFake(), startWebhookReceiver()]);
});
afterAll(async () => {
  await Promise.all([fake.close(), receiver.close()]);
});

const body = { request_id: "req-1", gateway_request_id: "req-1", status: "OK", payload: { images: [{ url: "https://v3.fal.media/a.png", content_type: "image/png" }] } };
const verify = (rawBody: string, headers: Record<string, string>, now?: number) => verifyFalWebhook(rawBody, headers, { jwksUrl: fake.jwksUrl, now });

describe("fal webhook verification", () => {
  it("accepts a body signed with a key of the JWKS, whichever key of the set it is", async () => {
    const signed = fake.signWebhook(body);
    expect(await verify(signed.rawBody, signed.headers)).toBe(true);
  });

  it("reads the JWKS URL from FAL_WEBHOOK_JWKS_URL", async () => {
    const signed = fake.signWebhook(body);
    process.env.FAL_WEBHOOK_JWKS_URL = fake.jwksUrl;
    try {
      expect(await verifyFalWebhook(signed.rawBody, new Headers(signed.headers))).toBe(true);
    } finally {
      delete process.env.FAL_WEBHOOK_JWKS_URL;
    }
  });

  it("rejects a forged signature", async () => {
    const signed = fake.signWebhook(body);
    expect(await verify(signed.rawBody, { ...signed.headers, "x-fal-webhook-signature": "ab".repeat(64) })).toBe(false);
  });

  it("rejects a body signed with a key the JWKS does not hold", async () => {
    const signed = fake.signWebhook(body, { privateKey: fake.strangerKey() });
    expect(await verify(signed.rawBody, signed.headers)).toBe(false);
  });

  it("rejects a tampered body, request id or user id", async () => {
    const signed = fake.signWebhook(body);
    expect(await verify(signed.rawBody.replace("a.png", "b.png"), signed.headers)).toBe(false);
    expect(await verify(signed.rawBody, { ...signed.headers, "x-fal-webhook-request-id": "req-2" })).toBe(false);
    expect(await verify(signed.rawBody, { ...signed.headers, "x-fal-webhook-user-id": "someone-else" })).toBe(false);
  });

  it("rejects timestamps more than five minutes off, either way", async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = fake.signWebhook(body, { timestamp: now - 301 });
    const future = fake.signWebhook(body, { timestamp: now + 301 });
    const edge = fake.signWebhook(body, { timestamp: now - 299 });
    expect(await verify(stale.rawBody, stale.headers, now)).toBe(false);
    expect(await verify(future.rawBody, future.headers, now)).toBe(false);
    expect(await verify(edge.rawBody, edge.headers, now)).toBe(true);
  });

  it("rejects a webhook missing any of the four headers", async () => {
    const signed = fake.signWebhook(body);
    for (const name of Object.keys(signed.headers)) {
      const headers = { ...signed.headers };
      delete headers[name as keyof typeof headers];
      expect(await verify(signed.rawBody, headers)).toBe(false);
    }
  });

  it("verifies and reads the webhook fal posts when a job completes", async () => {
    const fal = createFalProvider({ credentials: fake.key, baseUrl: fake.url, timeoutMs: 800 });
    const webhookUrl = `${receiver.url}/api/webhooks/fal`;
    const { providerJobId } = (await fal.submit(jobInput("nano-banana-2", "a fox", {}, { webhookUrl }))) as { providerJobId: string };
    await expect.poll(() => fake.webhooks.length, { timeout: 3_000 }).toBe(1);
    const delivered = receiver.received.at(-1)!;
    expect(delivered.path).toBe("/api/webhooks/fal");
    expect(await verifyFalWebhook(delivered.rawBody, delivered.headers, { jwksUrl: fake.jwksUrl })).toBe(true);
    expect(parseFalWebhook(JSON.parse(delivered.rawBody))).toMatchObject({
      requestId: providerJobId,
      state: { status: "succeeded", providerJobId, outputs: [{ type: "url", contentType: "image/png" }] },
    });
  });
});

describe("fal JWKS fetching under a flood of posts", () => {
  /** A JWKS server that counts its hits and can be made to fail. */
  async function countingJwks() {
    const jwks = await (await fetch(fake.jwksUrl)).text();
    let hits = 0;
    let failing = false;
    const server = createServer((_req, res) => {
      hits++;
      setTimeout(() => {
        if (failing) res.writeHead(500).end("down");
        else res.writeHead(200, { "content-type": "application/json" }).end(jwks);
      }, 50);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return {
      // A path of its own per server, so no other test's cache entry answers for it.
      url: `http://127.0.0.1:${port}/.well-known/jwks-${port}.json`,
      hits: () => hits,
      fail: (value: boolean) => (failing = value),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it("fetches the JWKS once for 50 concurrent forged posts", async () => {
    const jwks = await countingJwks();
    try {
      const signed = fake.signWebhook(body, { privateKey: fake.strangerKey() });
      const results = await Promise.all(Array.from({ length: 50 }, () => verifyFalWebhook(signed.rawBody, signed.headers, { jwksUrl: jwks.url })));
      expect(results.every((r) => r === false)).toBe(true);
      expect(jwks.hits()).toBe(1);
    } finally {
      await jwks.close();
    }
  });

  it("remembers a failed fetch: 50 concurrent posts, then 50 more, call out once", async () => {
    const jwks = await countingJwks();
    jwks.fail(true);
    try {
      const signed = fake.signWebhook(body);
      const flood = () => Promise.allSettled(Array.from({ length: 50 }, () => verifyFalWebhook(signed.rawBody, signed.headers, { jwksUrl: jwks.url })));
      expect((await flood()).every((r) => r.status === "rejected")).toBe(true);
      expect((await flood()).every((r) => r.status === "rejected")).toBe(true);
      expect(jwks.hits()).toBe(1);
    } finally {
      await jwks.close();
    }
  });
});

describe("fal webhook body", () => {
  it("reads OK with outputs as succeeded", () => {
    expect(parseFalWebhook(body)).toEqual({
      requestId: "req-1",
      state: { status: "succeeded", providerJobId: "req-1", outputs: [{ type: "url", url: "https://v3.fal.media/a.png", contentType: "image/png" }] },
    });
  });

  it("reads an ERROR with a content-policy detail as moderation, and other errors by status", () => {
    const moderated = parseFalWebhook({
      request_id: "r",
      status: "ERROR",
      error: "Invalid status code: 422",
      payload: { detail: [{ loc: ["body", "prompt"], msg: "flagged", type: "content_policy_violation" }] },
    });
    expect(moderated?.state).toMatchObject({ status: "failed", failure: { kind: "moderation", providerStatus: 422 } });
    const invalid = parseFalWebhook({ request_id: "r", status: "ERROR", error: "Invalid status code: 422", payload: { detail: [{ loc: ["body", "prompt"], msg: "field required", type: "value_error.missing" }] } });
    expect(invalid?.state).toMatchObject({ status: "failed", failure: { kind: "rejected" } });
    const crashed = parseFalWebhook({ request_id: "r", status: "ERROR", error: "Invalid status code: 500", payload: { detail: "boom" } });
    expect(crashed?.state).toMatchObject({ status: "failed", failure: { kind: "http", providerStatus: 500 } });
  });

  it("reads an unreadable output, every image flagged, or no output as failures", () => {
    expect(parseFalWebhook({ request_id: "r", status: "OK", payload: null, payload_error: "not JSON" })?.state).toMatchObject({ failure: { kind: "malformed" } });
    expect(parseFalWebhook({ request_id: "r", status: "OK", payload: { images: [{ url: "https://x/a.png" }], has_nsfw_concepts: [true] } })?.state).toMatchObject({ failure: { kind: "moderation" } });
    expect(parseFalWebhook({ request_id: "r", status: "OK", payload: { images: [] } })?.state).toMatchObject({ failure: { kind: "empty_output" } });
  });

  it("answers null for a body that is not a fal webhook", () => {
    expect(parseFalWebhook({ hello: "world" })).toBeNull();
    expect(parseFalWebhook("nope")).toBeNull();
  });
});
