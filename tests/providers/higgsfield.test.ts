import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MODELS } from "@/lib/catalog";
import { createHiggsfieldProvider, HIGGSFIELD_DEFAULT_BASE_URL } from "@/lib/providers/higgsfield";
import type { Provider } from "@/lib/providers/types";
import { startHiggsfieldFake, type HiggsfieldFake } from "../fakes/higgsfield-fake";
import { pollJobUntilDone } from "../support/poll-job-until-done";
import { jobInput, jobRef } from "./job-input";
import { itMeetsQueueFaults } from "./queue-provider-faults";

let fake: HiggsfieldFake;
let higgsfield: Provider;

beforeAll(async () => {
  fake = await startHiggsfieldFake();
  higgsfield = createHiggsfieldProvider({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 800 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const ref = () => jobRef("higgsfield-soul");
const anchors = ["https://cdn.example/face-1.jpg", "https://cdn.example/face-2.jpg"];

const pollUntilDone = (id: string) => pollJobUntilDone(higgsfield, ref(), id);

const submitted = async (prompt: string) => ((await higgsfield.submit(jobInput("higgsfield-soul", prompt))) as { providerJobId: string }).providerJobId;

describe("Higgsfield adapter", () => {
  it("submits the director's anchors, motion and duration to the model's own path with Key auth", async () => {
    expect(MODELS.filter((m) => m.provider === "higgsfield").map((m) => m.id)).toEqual(["higgsfield-soul"]);
    expect(HIGGSFIELD_DEFAULT_BASE_URL).toBe("https://platform.higgsfield.ai");
    const state = await higgsfield.submit(
      jobInput("higgsfield-soul", "she turns to the camera", { anchors, motion: "dolly", duration: 10, aspect: "9:16" }, { webhookUrl: "https://app.example/hook?x=1" }),
    );
    expect(state).toMatchObject({ status: "queued" });
    const sent = fake.requests.at(-1)!;
    expect([sent.method, sent.pathname]).toEqual(["POST", "/higgsfield-ai/soul/standard"]);
    expect(sent.headers.authorization).toBe(`Key ${fake.apiKey}`);
    expect(sent.query.get("hf_webhook")).toBe("https://app.example/hook?x=1");
    expect(sent.body).toEqual({
      prompt: "she turns to the camera",
      resolution: "720p",
      aspect_ratio: "9:16",
      duration: 10,
      input_images: anchors.map((url) => ({ type: "image_url", image_url: url })),
      camera_motion: "Dolly In",
    });
  });

  it("never calls the POST /v1/generations that does not exist", async () => {
    await higgsfield.submit(jobInput("higgsfield-soul"));
    expect(fake.requests.some((r) => r.pathname.startsWith("/v1/"))).toBe(false);
  });

  it("polls a request through queued, in_progress and completed, with a video output", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const id = await submitted("a walk on the beach");
    const states = await pollUntilDone(id);
    expect(states.map((s) => s.status)).toEqual(["queued", "running", "succeeded"]);
    expect(states.at(-1)).toMatchObject({ outputs: [{ type: "url", contentType: "video/mp4" }] });
    expect(fake.requests.filter((r) => r.method === "GET").map((r) => r.pathname)).toContain(`/requests/${id}/status`);
    const url = (states.at(-1) as { outputs: Array<{ url: string }> }).outputs[0]!.url;
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(bytes.subarray(4, 8).toString("ascii")).toBe("ftyp");
  });

  it("cancels while queued, and lets a request already in progress run", async () => {
    fake.setBehaviour({ completeAfterMs: 60_000 });
    const queued = await submitted("x");
    await higgsfield.cancel!(ref(), queued);
    expect(fake.requests.at(-1)!.pathname).toBe(`/requests/${queued}/cancel`);
    expect(fake.jobs.get(queued)!.cancelled).toBe(true);

    const running = await submitted("y");
    await higgsfield.status(ref(), running);
    await higgsfield.status(ref(), running);
    await expect(higgsfield.cancel!(ref(), running)).resolves.toBeUndefined();
    expect(fake.jobs.get(running)!.cancelled).toBe(false);
  });

  itMeetsQueueFaults({
    provider: () => higgsfield,
    fake: () => fake,
    modelId: "higgsfield-soul",
    withWrongKey: () => createHiggsfieldProvider({ apiKey: "no:pe", baseUrl: fake.url, timeoutMs: 800 }),
    withoutKey: () => createHiggsfieldProvider({}),
  });
});
