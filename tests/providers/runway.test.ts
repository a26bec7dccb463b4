import RunwayML, { BadRequestError, NotFoundError } from "@runwayml/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aspectsOf, durationsOf, type AspectRatio } from "@/lib/catalog";
import { createRunwayProvider } from "@/lib/providers/runway";
import { ProviderError, TransientProviderError, type GenerationParams, type Provider } from "@/lib/providers/types";
import { RUNWAY_VERSION, startRunwayFake, type RunwayFake } from "../fakes/runway-fake";
import { pollJobUntilDone } from "../support/poll-job-until-done";
import { failureOf, jobInput, jobRef, modelOf } from "./job-input";
import { itMeetsQueueFaults } from "./queue-provider-faults";

const MODEL = "runway-gen-4.5";

let fake: RunwayFake;
let runway: Provider;

beforeAll(async () => {
  fake = await startRunwayFake();
  runway = createRunwayProvider({ apiKey: fake.apiKey, baseURL: fake.url, timeoutMs: 800, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const ref = () => jobRef(MODEL);
const sdk = (runwayVersion?: string) => new RunwayML({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, runwayVersion });
const submitted = async (prompt: string, params: GenerationParams = {}) =>
  ((await runway.submit(jobInput(MODEL, prompt, params))) as { providerJobId: string }).providerJobId;
const creates = () => fake.requests.filter((r) => r.method === "POST");

const offered = aspectsOf(modelOf(MODEL)).flatMap((aspect) => durationsOf(modelOf(MODEL)).map((duration) => [aspect, duration] as const));
const RATIOS: Record<string, string> = { "16:9": "1280:720", "9:16": "720:1280" };

describe("Runway adapter", () => {
  it("offers the aspects and durations the mapping spells", () => {
    expect(offered).toEqual([["16:9", 5], ["16:9", 10], ["9:16", 5], ["9:16", 10]]);
  });

  it.each(offered)("makes a %s clip of %i s: the exact gen4.5 body, the version header, an mp4 at the end", async (aspect, duration) => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const id = await submitted("a paper boat in the rain", { aspect: aspect as AspectRatio, duration });
    const sent = creates().at(-1)!;
    expect([sent.method, sent.pathname]).toEqual(["POST", "/v1/text_to_video"]);
    expect(sent.headers["x-runway-version"]).toBe(RUNWAY_VERSION);
    expect(sent.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(sent.body).toEqual({ model: "gen4.5", promptText: "a paper boat in the rain", ratio: RATIOS[aspect], duration });

    const states = await pollJobUntilDone(runway, ref(), id);
    expect(states.map((s) => s.status)).toEqual(["queued", "running", "succeeded"]);
    const [output] = (states.at(-1) as { outputs: Array<{ type: string; url: string; contentType: string }> }).outputs;
    expect(output).toMatchObject({ type: "url", contentType: "video/mp4" });
    expect(output!.url).toMatch(/\.mp4$/);
    const bytes = Buffer.from(await (await fetch(output!.url)).arrayBuffer());
    expect(bytes.subarray(4, 8).toString("ascii")).toBe("ftyp");
    expect(fake.requests.filter((r) => r.method === "GET").every((r) => r.pathname === `/v1/tasks/${id}`)).toBe(true);
  });

  it("animates an image through image_to_video when the params carry one", async () => {
    const image = "https://cdn.example/still.png";
    const id = await submitted("the boat drifts away", { aspect: "9:16", duration: 5, image } as GenerationParams);
    const sent = creates().at(-1)!;
    expect(sent.pathname).toBe("/v1/image_to_video");
    expect(sent.body).toEqual({ model: "gen4.5", promptText: "the boat drifts away", ratio: "720:1280", duration: 5, promptImage: image });
    expect((await pollJobUntilDone(runway, ref(), id)).at(-1)!.status).toBe("succeeded");
  });

  it.each([
    ["ratio 1:1", { ratio: "1:1" }, "ratio"],
    ["duration 11", { duration: 11 }, "duration"],
    ["duration 1", { duration: 1 }, "duration"],
    ["duration 5.5", { duration: 5.5 }, "duration"],
    ["model gen9", { model: "gen9" }, "model"],
    ["a seed past 2^32", { seed: 4_294_967_296 }, "seed"],
    ["an empty prompt", { promptText: "" }, "promptText"],
    ["a prompt past 1000 UTF-16 units", { promptText: "é".repeat(1001) }, "promptText"],
  ])("refuses %s with Runway's 400 validation body", async (_name, change, field) => {
    const body = { model: "gen4.5", promptText: "x", ratio: "1280:720", duration: 5, ...change };
    const tasks = fake.jobs.size;
    const { error } = await failureOf(() => sdk().textToVideo.create(body as never));
    expect(error).toBeInstanceOf(BadRequestError);
    const answer = (error as BadRequestError).error as { error: string; issues: Array<{ path: string[] }>; docUrl: string };
    expect(answer).toMatchObject({ error: "Validation of body failed", docUrl: "https://docs.dev.runwayml.com/api" });
    expect(answer.issues.map((i) => i.path[0])).toContain(field);
    expect((error as BadRequestError).headers.get("x-should-retry")).toBe("false");
    expect(fake.jobs.size).toBe(tasks);
  });

  it("refuses unknown fields, a missing image, and the wrong API version", async () => {
    const base = { model: "gen4.5", promptText: "x", ratio: "1280:720", duration: 5 };
    await expect(sdk().textToVideo.create({ ...base, fps: 24 } as never)).rejects.toBeInstanceOf(BadRequestError);
    await expect(sdk().imageToVideo.create(base as never)).rejects.toBeInstanceOf(BadRequestError);
    await expect(sdk().imageToVideo.create({ ...base, promptImage: "http://cdn.example/a.png" } as never)).rejects.toBeInstanceOf(BadRequestError);
    await expect(sdk().imageToVideo.create({ ...base, ratio: "960:960", promptImage: "runway://upload-1" } as never)).resolves.toMatchObject({
      estimatedCost: { credits: 60 },
    });
    await expect(sdk("2020-01-01").textToVideo.create(base as never)).rejects.toBeInstanceOf(BadRequestError);
  });

  it("reports a moderated prompt as failed (moderation) without Runway's own wording", async () => {
    const id = await submitted("x [fake:moderation]");
    const done = (await pollJobUntilDone(runway, ref(), id)).at(-1)!;
    expect(done).toMatchObject({ status: "failed", failure: { kind: "moderation", message: "Runway could not make this clip (SAFETY.INPUT.TEXT)" } });
  });

  it("fails a submit that meets a 500 with a ProviderError carrying the status", async () => {
    const { error } = await failureOf(() => runway.submit(jobInput(MODEL, "x [fake:500]")));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure).toMatchObject({ kind: "http", providerStatus: 500 });
    expect(creates()).toHaveLength(1);
  });

  it("treats a status poll that meets a 500 as transient", async () => {
    const id = await submitted("x");
    fake.setBehaviour({ pollFault: "500" });
    await expect(runway.status(ref(), id)).rejects.toBeInstanceOf(TransientProviderError);
  });

  it("cancels with DELETE, after which the task is gone", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const id = await submitted("x");
    await runway.cancel!(ref(), id);
    const sent = fake.requests.at(-1)!;
    expect([sent.method, sent.pathname]).toEqual(["DELETE", `/v1/tasks/${id}`]);
    expect(fake.jobs.get(id)!.cancelled).toBe(true);
    await expect(sdk().tasks.retrieve(id)).rejects.toBeInstanceOf(NotFoundError);
    const { error } = await failureOf(() => runway.status(ref(), id));
    expect((error as ProviderError).failure).toMatchObject({ kind: "http", providerStatus: 404 });
    await expect(runway.cancel!(ref(), id)).resolves.toBeUndefined();
  });

  it("fails every call with an unknown bearer as http 401", async () => {
    const stranger = createRunwayProvider({ apiKey: "key_nope", baseURL: fake.url, maxRetries: 0 });
    const { error } = await failureOf(() => stranger.submit(jobInput(MODEL)));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure).toMatchObject({ kind: "http", providerStatus: 401 });
  });

  itMeetsQueueFaults({
    provider: () => runway,
    fake: () => fake,
    modelId: MODEL,
    withWrongKey: () => createRunwayProvider({ apiKey: "key_nope", baseURL: fake.url, timeoutMs: 800, maxRetries: 0 }),
    withoutKey: () => createRunwayProvider({}),
    statusRequests: (f) => f.requests.filter((r) => r.method === "GET").length,
  });
});
