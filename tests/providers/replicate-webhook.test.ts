import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplicateProvider } from "@/lib/providers/replicate";
import { parseReplicateWebhook, verifyReplicateWebhook } from "@/lib/providers/replicate-webhook";
import { startReplicateFake, type ReplicateFake } from "../fakes/replicate-fake";
import { jobInput } from "./job-input";
import { startWebhookReceiver } from "./webhook-receiver";

let fake: ReplicateFake;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  [fake, receiver] = await Promise.all([startReplicateFake(), startWebhookReceiver()]);
});
afterAll(async () => {
  await Promise.all([fake.close(), receiver.close()]);
});

const prediction = { id: "p1", status: "succeeded", output: ["https://replicate.delivery/x/out-0.png"], error: null };
const verify = (rawBody: string, headers: Record<string, string>) => verifyReplicateWebhook(rawBody, headers, { secret: fake.webhookSecret });

describe("Replicate webhook verification", () => {
  it("accepts a body signed with the webhook secret", () => {
    const signed = fake.signWebhook(prediction);
    expect(verify(signed.rawBody, signed.headers)).toBe(true);
  });

  it("reads the secret from REPLICATE_WEBHOOK_SECRET, and accepts nothing without one", () => {
    const signed = fake.signWebhook(prediction);
    const saved = process.env.REPLICATE_WEBHOOK_SECRET;
    try {
      process.env.REPLICATE_WEBHOOK_SECRET = fake.webhookSecret;
      expect(verifyReplicateWebhook(signed.rawBody, new Headers(signed.headers))).toBe(true);
      delete process.env.REPLICATE_WEBHOOK_SECRET;
      expect(verifyReplicateWebhook(signed.rawBody, signed.headers)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.REPLICATE_WEBHOOK_SECRET;
      else process.env.REPLICATE_WEBHOOK_SECRET = saved;
    }
  });

  it("rejects a forged signature and one made with another secret", () => {
    const signed = fake.signWebhook(prediction);
    expect(verify(signed.rawBody, { ...signed.headers, "webhook-signature": "v1,bm90IGEgc2lnbmF0dXJl" })).toBe(false);
    const other = fake.signWebhook(prediction, { secret: `whsec_${Buffer.from("another secret of 24 b!!").toString("base64")}` });
    expect(verify(other.rawBody, other.headers)).toBe(false);
  });

  it("rejects a tampered body or webhook id", () => {
    const signed = fake.signWebhook(prediction);
    expect(verify(signed.rawBody.replace("succeeded", "failed"), signed.headers)).toBe(false);
    expect(verify(signed.rawBody, { ...signed.headers, "webhook-id": "msg_other" })).toBe(false);
  });

  it("rejects timestamps more than five minutes off", () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = fake.signWebhook(prediction, { timestamp: now - 301 });
    const future = fake.signWebhook(prediction, { timestamp: now + 301 });
    expect(verify(stale.rawBody, stale.headers)).toBe(false);
    expect(verify(future.rawBody, future.headers)).toBe(false);
  });

  it("accepts a signature list where any entry matches", () => {
    const signed = fake.signWebhook(prediction);
    const headers = { ...signed.headers, "webhook-signature": `v1,bm9wZQ== ${signed.headers["webhook-signature"]}` };
    expect(verify(signed.rawBody, headers)).toBe(true);
  });

  it("verifies and reads the webhook Replicate posts when a prediction completes", async () => {
    const replicate = createReplicateProvider({ auth: fake.token, baseUrl: fake.apiUrl, timeoutMs: 800 });
    const webhookUrl = `${receiver.url}/api/webhooks/replicate`;
    const { providerJobId } = (await replicate.submit(jobInput("flux-schnell", "a fox", {}, { webhookUrl }))) as { providerJobId: string };
    await expect.poll(() => fake.webhooks.length, { timeout: 3_000 }).toBe(1);
    const delivered = receiver.received.at(-1)!;
    expect(verifyReplicateWebhook(delivered.rawBody, delivered.headers, { secret: fake.webhookSecret })).toBe(true);
    expect(parseReplicateWebhook(JSON.parse(delivered.rawBody))).toMatchObject({
      predictionId: providerJobId,
      state: { status: "succeeded", providerJobId, outputs: [{ type: "url", contentType: "image/png" }] },
    });
  });
});

describe("Replicate webhook body", () => {
  it("reads the prediction's terminal states", () => {
    expect(parseReplicateWebhook(prediction)?.state).toMatchObject({ status: "succeeded", outputs: [{ url: prediction.output[0] }] });
    expect(parseReplicateWebhook({ id: "p", status: "failed", error: "NSFW content detected." })?.state).toMatchObject({ failure: { kind: "moderation" } });
    expect(parseReplicateWebhook({ id: "p", status: "failed", error: "CUDA out of memory" })?.state).toMatchObject({ failure: { kind: "http" } });
    expect(parseReplicateWebhook({ id: "p", status: "succeeded", output: [] })?.state).toMatchObject({ failure: { kind: "empty_output" } });
    expect(parseReplicateWebhook({ id: "p", status: "succeeded", output: "https://x/one.webp" })?.state).toMatchObject({ outputs: [{ contentType: "image/webp" }] });
    expect(parseReplicateWebhook({ id: "p", status: "canceled" })?.state).toMatchObject({ failure: { kind: "cancelled" } });
  });

  it("answers null for a body that is not a prediction", () => {
    expect(parseReplicateWebhook({ hello: "world" })).toBeNull();
  });
});
