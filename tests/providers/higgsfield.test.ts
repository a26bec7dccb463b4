import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MODELS, type Model } from "@/lib/catalog";
import { createHiggsfieldProvider, HIGGSFIELD_DEFAULT_BASE_URL, MOTION_NAMES } from "@/lib/providers/higgsfield";
import { ProviderError, TransientProviderError, type JobState } from "@/lib/providers/types";
import { startHiggsfieldFake, type HiggsfieldFake } from "../fakes/higgsfield-fake";
import { pollJobUntilDone } from "../support/poll-job-until-done";
import { failureOf, jobRef, modelOf } from "./job-input";

// The Director's three Higgsfield calls against a fake that takes only each endpoint's own fields
// (PROVIDERS.md section 5): a field an endpoint does not take is a 422 there, so these tests fail
// if the adapter sends one.
let fake: HiggsfieldFake;
let higgsfield: ReturnType<typeof createHiggsfieldProvider>;
const soul = modelOf("higgsfield-soul");
const ref = () => jobRef("higgsfield-soul");
const anchors = ["https://cdn.example/face-1.jpg", "https://cdn.example/face-2.jpg"];

beforeAll(async () => {
  fake = await startHiggsfieldFake({ trainingPolls: 2 });
  higgsfield = createHiggsfieldProvider({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 800 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const posts = () => fake.requests.filter((r) => r.method === "POST");
const pollUntilDone = (id: string) => pollJobUntilDone(higgsfield, ref(), id);
const idOf = (state: JobState) => state.providerJobId!;

async function readyReference(): Promise<string> {
  return fake.addReference({ name: "Ava" }).id;
}

describe("Higgsfield Director steps", () => {
  it("is the one provider of the Director, on the platform host by default", () => {
    expect(MODELS.filter((m) => m.provider === "higgsfield").map((m) => m.id)).toEqual(["higgsfield-soul"]);
    expect(HIGGSFIELD_DEFAULT_BASE_URL).toBe("https://platform.higgsfield.ai");
  });

  it("trains a Soul ID from the anchors at /v1/custom-references and follows it to ready", async () => {
    const { referenceId } = await higgsfield.director.trainCharacter({ name: "Ava", anchorUrls: anchors });
    const sent = posts().at(-1)!;
    expect([sent.pathname, sent.headers.authorization]).toEqual(["/v1/custom-references", `Key ${fake.apiKey}`]);
    expect(sent.body).toEqual({ name: "Ava", input_images: anchors.map((url) => ({ type: "image_url", image_url: url })), model_version: "v1" });
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const state = await higgsfield.director.trainingStatus(referenceId);
      seen.push(state.status);
      if (state.status !== "training") break;
    }
    expect(seen.at(-1)).toBe("ready");
    expect(seen.slice(0, -1).every((s) => s === "training")).toBe(true);
    expect(fake.rejections).toEqual([]);
  });

  it("reports a training Higgsfield failed, with its reason", async () => {
    const { referenceId } = await higgsfield.director.trainCharacter({ name: "Blurry [fake:failed]", anchorUrls: anchors.slice(0, 1) });
    let state = await higgsfield.director.trainingStatus(referenceId);
    for (let i = 0; i < 5 && state.status === "training"; i++) state = await higgsfield.director.trainingStatus(referenceId);
    expect(state).toMatchObject({ status: "failed", failure: { kind: "rejected", message: expect.stringContaining("Not enough distinct faces") } });
  });

  it("makes the keyframe with Soul and the character, only with the fields soul/character takes", async () => {
    const referenceId = await readyReference();
    const state = await higgsfield.director.submitKeyframe({ model: soul, prompt: "she turns", referenceId, aspect: "9:16", idempotencyKey: "gen-1:keyframe" });
    const sent = posts().at(-1)!;
    expect(sent.pathname).toBe("/higgsfield-ai/soul/character");
    expect(sent.headers["idempotency-key"]).toBe("gen-1:keyframe");
    expect(sent.body).toEqual({
      prompt: "she turns",
      custom_reference_id: referenceId,
      custom_reference_strength: 1,
      aspect_ratio: "9:16",
      resolution: "1080p",
      batch_size: 1,
    });
    const done = (await pollUntilDone(idOf(state))).at(-1)!;
    expect(done).toMatchObject({ status: "succeeded", outputs: [{ type: "url", contentType: "image/png" }] });
    expect(fake.rejections).toEqual([]);
  });

  it("animates the keyframe with DoP and the motion id from the motions list, read once", async () => {
    const first = await higgsfield.director.submitShot({ model: soul, prompt: "slow push", imageUrl: "https://cdn.example/k.png", motion: "zoom", duration: 5, idempotencyKey: "gen-2:shot" });
    const zoomIn = fake.motions.find((m) => m.name === MOTION_NAMES.zoom)!;
    const sent = posts().at(-1)!;
    expect(sent.pathname).toBe("/higgsfield-ai/dop/standard");
    expect(sent.body).toEqual({ prompt: "slow push", image_url: "https://cdn.example/k.png", motions: [{ id: zoomIn.id, strength: 0.8 }], enhance_prompt: true });
    await higgsfield.director.submitShot({ model: soul, prompt: "orbit", imageUrl: "https://cdn.example/k.png", motion: "orbit", duration: 5, idempotencyKey: "gen-3:shot" });
    expect(fake.motionsRequests).toBe(1);
    const done = (await pollUntilDone(idOf(first))).at(-1)!;
    expect(done).toMatchObject({ status: "succeeded", outputs: [{ type: "url", contentType: "video/mp4" }] });
    expect(fake.rejections).toEqual([]);
  });

  it("maps every camera move to a motion the list has", () => {
    const names = new Set(fake.motions.map((m) => m.name));
    for (const name of Object.values(MOTION_NAMES)) expect(names, name).toContain(name);
  });

  it("finds the first request again when a submit is repeated with its key", async () => {
    const referenceId = await readyReference();
    const input = { model: soul, prompt: "again", referenceId, aspect: "16:9" as const, idempotencyKey: "gen-4:keyframe" };
    const a = await higgsfield.director.submitKeyframe(input);
    const b = await higgsfield.director.submitKeyframe(input);
    expect(idOf(b)).toBe(idOf(a));
    expect(fake.idempotentReplays).toBe(1);
  });

  it("sends a duration only to a configured shot model that takes one; DoP refuses it as Higgsfield would", async () => {
    fake.deploy("acme/dop-long", { like: "higgsfield-ai/dop/standard", fields: { duration: [5, 10] } });
    const long: Model = { ...soul, endpoint: { env: "HIGGSFIELD_TEST_UNSET", default: "acme/dop-long" } };
    await higgsfield.director.submitShot({ model: long, prompt: "walk", imageUrl: "https://cdn.example/k.png", motion: "dolly", duration: 10, idempotencyKey: "gen-5:shot" });
    expect(posts().at(-1)!.body).toMatchObject({ duration: 10 });
    expect(fake.rejections).toEqual([]);

    const { error } = await failureOf(() =>
      higgsfield.director.submitShot({ model: soul, prompt: "walk", imageUrl: "https://cdn.example/k.png", motion: "dolly", duration: 10, idempotencyKey: "gen-6:shot" }),
    );
    expect((error as ProviderError).failure).toMatchObject({ kind: "rejected", providerStatus: 422 });
    expect((error as ProviderError).failure.message).toContain("duration");
  });

  it("refuses a keyframe for a character that is not trained, as a rejected input", async () => {
    const { error } = await failureOf(() =>
      higgsfield.director.submitKeyframe({ model: soul, prompt: "x", referenceId: "5f0b1c8e-1111-4222-8333-444455556666", idempotencyKey: "gen-7:keyframe" }),
    );
    expect((error as ProviderError).failure.kind).toBe("rejected");
  });

  it("fails only the step a scoped marker names: a keyframe passes, the shot ends nsfw as moderation", async () => {
    const referenceId = await readyReference();
    const prompt = "a dancer [fake:moderation:dop]";
    const keyframe = await higgsfield.director.submitKeyframe({ model: soul, prompt, referenceId, idempotencyKey: "gen-8:keyframe" });
    expect((await pollUntilDone(idOf(keyframe))).at(-1)).toMatchObject({ status: "succeeded" });
    const shot = await higgsfield.director.submitShot({ model: soul, prompt, imageUrl: "https://cdn.example/k.png", motion: "pan", duration: 5, idempotencyKey: "gen-8:shot" });
    expect((await pollUntilDone(idOf(shot))).at(-1)).toMatchObject({ status: "failed", failure: { kind: "moderation" } });
  });

  it("fails a submit that meets a 500 at once, treats a poll that meets one as transient, and a bad key as a 401", async () => {
    const referenceId = await readyReference();
    const { error, ms } = await failureOf(() => higgsfield.director.submitKeyframe({ model: soul, prompt: "x [fake:500]", referenceId, idempotencyKey: "gen-9:keyframe" }));
    expect((error as ProviderError).failure.kind).toBe("http");
    expect(ms).toBeLessThan(2_000);

    const state = await higgsfield.director.submitKeyframe({ model: soul, prompt: "y", referenceId, idempotencyKey: "gen-10:keyframe" });
    fake.setBehaviour({ pollFault: "500" });
    await expect(higgsfield.status(ref(), idOf(state))).rejects.toBeInstanceOf(TransientProviderError);
    fake.setBehaviour({ pollFault: undefined });

    const wrong = createHiggsfieldProvider({ apiKey: "no:pe", baseUrl: fake.url, timeoutMs: 800 });
    const refused = await failureOf(() => wrong.director.trainCharacter({ name: "x", anchorUrls: anchors }));
    expect((refused.error as ProviderError).failure.providerStatus).toBe(401);
    expect(createHiggsfieldProvider({}).available()).toBe(false);
  });

  it("cancels a step while it is queued, and lets one already in progress run", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const referenceId = await readyReference();
    const queued = idOf(await higgsfield.director.submitKeyframe({ model: soul, prompt: "x", referenceId, idempotencyKey: "gen-11:keyframe" }));
    await higgsfield.cancel!(ref(), queued);
    expect(fake.requests.at(-1)!.pathname).toBe(`/requests/${queued}/cancel`);
    expect(fake.jobs.get(queued)!.cancelled).toBe(true);

    const running = idOf(await higgsfield.director.submitKeyframe({ model: soul, prompt: "y", referenceId, idempotencyKey: "gen-12:keyframe" }));
    await higgsfield.status(ref(), running);
    await higgsfield.status(ref(), running);
    await expect(higgsfield.cancel!(ref(), running)).resolves.toBeUndefined();
    expect(fake.jobs.get(running)!.cancelled).toBe(false);
    // A character's training is kept for the next job with the same anchors: nothing to cancel.
    const before = fake.requests.length;
    await higgsfield.cancel!(ref(), "character:some-id");
    expect(fake.requests.length).toBe(before);
  });

  it("never calls the POST /v1/generations that does not exist, nor submits a Director job in one call", async () => {
    const { error } = await failureOf(() => higgsfield.submit({ model: soul, endpoint: "x", prompt: "p", params: {}, generationId: "g" }));
    expect((error as ProviderError).failure.kind).toBe("rejected");
    expect(fake.requests).toHaveLength(0);
  });
});
