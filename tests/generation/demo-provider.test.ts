import { afterEach, describe, expect, it, vi } from "vitest";
import { findModel } from "../../lib/catalog";
import { createDemoProvider } from "../../lib/providers/demo";
import type { JobInput, JobState } from "../../lib/providers/types";

const demo = createDemoProvider();
const input = (modelId: string, prompt: string, params: JobInput["params"] = {}): JobInput => {
  const model = findModel(modelId)!;
  return { model, endpoint: model.endpoint.default, prompt, params, generationId: "g" };
};
const svgOf = (state: JobState) => {
  if (state.status !== "succeeded") throw new Error(`not done: ${state.status}`);
  const [output] = state.outputs;
  if (output.type !== "inline") throw new Error("expected inline output");
  expect(output.contentType).toBe("image/svg+xml");
  return Buffer.from(output.base64, "base64").toString("utf8");
};

describe("the demo provider", () => {
  afterEach(() => vi.useRealTimers());

  async function runFor(job: JobInput, ms: number): Promise<JobState> {
    vi.useFakeTimers({ now: new Date("2026-11-23T00:00:00Z") });
    const submitted = await demo.submit(job);
    if (submitted.status !== "queued" && submitted.status !== "running") throw new Error("expected an open job");
    vi.setSystemTime(Date.now() + ms);
    return demo.status(job, submitted.providerJobId);
  }

  it("draws the same marked picture for the same prompt, and another for another", async () => {
    const a = svgOf(await runFor(input("flux-schnell", "a red fox"), 5_000));
    const b = svgOf(await runFor(input("flux-schnell", "a red fox"), 5_000));
    const c = svgOf(await runFor(input("flux-schnell", "a blue whale"), 5_000));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a).toContain(">DEMO<");
    expect(a).toContain("a red fox");
  });

  it("escapes the prompt it writes into the SVG", async () => {
    const svg = svgOf(await runFor(input("flux-schnell", '<script>alert("x")</script>'), 5_000));
    expect(svg).not.toContain("<script>");
  });

  it("makes video and director jobs real MP4 clips, the same clip for the same prompt, upright for a portrait frame", async () => {
    const clipOf = (state: JobState) => {
      if (state.status !== "succeeded" || state.outputs[0]!.type !== "inline") throw new Error(`not a finished inline clip: ${state.status}`);
      expect(state.outputs[0]!.contentType).toBe("video/mp4");
      return Buffer.from(state.outputs[0]!.base64, "base64");
    };
    const a = clipOf(await runFor(input("kling-3.0", "waves", { duration: 10, aspect: "16:9" }), 10_000));
    const b = clipOf(await runFor(input("kling-3.0", "waves", { duration: 10, aspect: "16:9" }), 10_000));
    expect(a.subarray(4, 8).toString("ascii")).toBe("ftyp");
    expect(a.equals(b)).toBe(true);
    const upright = clipOf(await runFor(input("kling-3.0", "waves", { aspect: "9:16" }), 10_000));
    expect(upright.equals(a)).toBe(false);
  });

  it("runs the Director's three steps: a character that trains for a moment, a keyframe image, a clip", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-23T00:00:00Z") });
    const model = findModel("higgsfield-soul")!;
    const steps = demo.director!;
    const { referenceId } = await steps.trainCharacter({ name: "Ava", anchorUrls: ["https://example.com/a.png"] });
    expect(await steps.trainingStatus(referenceId)).toEqual({ status: "training" });
    vi.setSystemTime(Date.now() + 2_000);
    expect(await steps.trainingStatus(referenceId)).toEqual({ status: "ready" });

    const keyframe = await steps.submitKeyframe({ model, prompt: "hero", referenceId, aspect: "16:9", idempotencyKey: "g:keyframe" });
    vi.setSystemTime(Date.now() + 2_000);
    svgOf(await demo.status(input("higgsfield-soul", "hero"), keyframe.providerJobId!));

    const shot = await steps.submitShot({ model, prompt: "hero", imageUrl: "https://example.com/k.png", motion: "zoom", duration: 5, idempotencyKey: "g:shot" });
    vi.setSystemTime(Date.now() + 4_000);
    const done = await demo.status(input("higgsfield-soul", "hero"), shot.providerJobId!);
    if (done.status !== "succeeded" || done.outputs[0]!.type !== "inline") throw new Error(`not a finished clip: ${done.status}`);
    expect(done.outputs[0]!.contentType).toBe("video/mp4");
    // The job id every poll carries holds the options the render reads, and no links.
    const job = Buffer.from(shot.providerJobId!.replace(/^demo_/, ""), "base64url").toString("utf8");
    expect(job).toContain('"motion":"zoom"');
    expect(job).not.toContain("example.com");
  });

  it("is still running before its time, fails [demo:fail], holds [demo:slow] for 20 s and never ends [demo:hang]", async () => {
    expect((await runFor(input("wan-2.1-turbo", "waves"), 1_000)).status).toBe("running");
    const failed = await runFor(input("flux-schnell", "x [demo:fail]"), 1_000);
    expect(failed).toMatchObject({ status: "failed", failure: { kind: "http" } });
    expect((await runFor(input("flux-schnell", "x [demo:slow]"), 19_000)).status).toBe("running");
    // Its first 8 s it waits in a queue that moves, saying how many are ahead as fal does.
    const ahead = [];
    for (const ms of [0, 2_000, 3_000, 5_000, 6_000, 7_900]) {
      const state = await runFor(input("wan-2.1-turbo", "x [demo:slow]"), ms);
      ahead.push(state.status === "queued" ? state.queuePosition : state.status);
    }
    expect(ahead).toEqual([2, 2, 1, 1, 0, 0]);
    expect((await runFor(input("wan-2.1-turbo", "x [demo:slow]"), 8_000)).status).toBe("running");
    // A job that is not slow passes the queue at once and says nothing of one.
    expect(await runFor(input("flux-schnell", "x"), 0)).not.toHaveProperty("queuePosition");
    expect((await runFor(input("flux-schnell", "x [demo:slow]"), 20_500)).status).toBe("succeeded");
    expect((await runFor(input("flux-schnell", "x [demo:hang]"), 3_600_000)).status).toBe("running");
  });
});
