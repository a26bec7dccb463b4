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

  it("animates video and director clips with their camera motion", async () => {
    const video = svgOf(await runFor(input("wan-2.1-turbo", "waves", { duration: 10 }), 10_000));
    expect(video).toContain("<animate");
    expect(video).toContain('dur="10s"');
    const director = svgOf(await runFor(input("higgsfield-soul", "hero", { anchors: ["https://x/a.png"], motion: "zoom" }), 10_000));
    expect(director).toContain('type="scale"');
    expect(director).toContain("1 anchors");
  });

  it("is still running before its time, fails [demo:fail], holds [demo:slow] for 20 s and never ends [demo:hang]", async () => {
    expect((await runFor(input("wan-2.1-turbo", "waves"), 1_000)).status).toBe("running");
    const failed = await runFor(input("flux-schnell", "x [demo:fail]"), 1_000);
    expect(failed).toMatchObject({ status: "failed", failure: { kind: "http" } });
    expect((await runFor(input("flux-schnell", "x [demo:slow]"), 19_000)).status).toBe("running");
    expect((await runFor(input("flux-schnell", "x [demo:slow]"), 20_500)).status).toBe("succeeded");
    expect((await runFor(input("flux-schnell", "x [demo:hang]"), 3_600_000)).status).toBe("running");
  });
});
