import { describe, expect, it } from "vitest";
import {
  aspectsOf,
  canUse,
  durationsOf,
  endpointOf,
  findModel,
  MODELS,
  modelsOfKind,
  OFFERED_MODELS,
  PAID_PLAN_IDS,
  PLANS,
  planRules,
  priceOf,
  replenishTarget,
  requiredPlan,
  sizesOf,
} from "../../lib/catalog";
import { DirectorRequest, ImageRequest, VideoRequest } from "../../lib/generations/schema";
import { effectivePlan, grantsAccess } from "../../lib/credits/effective-plan";

const SPEC_MODELS: [string, string, string, string, number][] = [
  ["wan-2.1-turbo", "video", "fal", "standard", 8],
  ["kling-3.0", "video", "fal", "standard", 15],
  ["luma-ray-2", "video", "fal", "premium", 25],
  ["runway-gen-4.5", "video", "runway", "pro", 35],
  ["runway-gwm-1", "video", "runway", "pro", 45],
  ["seedance-2.0", "video", "fal", "pro", 50],
  ["flux-schnell", "image", "replicate", "standard", 5],
  ["gpt-image-flare", "image", "openai", "standard", 8],
  ["gpt-image-sunburst", "image", "openai", "premium", 15],
  ["nano-banana-2", "image", "fal", "premium", 15],
  ["higgsfield-soul", "director", "higgsfield", "pro", 120],
  ["assistant", "chat", "gemini", "standard", 2],
  ["marketing-kit", "text", "gemini", "standard", 4],
  ["production-report", "text", "gemini", "standard", 5],
];

describe("catalog", () => {
  it("holds exactly the models, kinds, providers, tiers and prices of the spec", () => {
    expect(OFFERED_MODELS.map((m) => [m.id, m.kind, m.provider, m.access, m.credits])).toEqual(SPEC_MODELS);
    expect(findModel("production-report")?.fallback).toEqual({ provider: "openai", endpoint: { env: "OPENAI_MODEL_REPORT_FALLBACK", default: "gpt-6.1-terra" } });
  });

  it("runs text on current upstream models, never a deprecated or shut-down one", () => {
    for (const id of ["assistant", "marketing-kit", "production-report"]) expect(endpointOf(findModel(id)!, {}), id).toBe("gemini-3.8-flash");
    expect(endpointOf(findModel("gpt-image-flare")!, {})).toBe("gpt-image-2.6-flare");
    expect(endpointOf(findModel("gpt-image-sunburst")!, {})).toBe("gpt-image-2.6-sunburst");
  });

  it("keeps the retired DALL-E models, never offered, each naming its successor", () => {
    expect(MODELS.filter((m) => m.lifecycle.state === "retired").map((m) => [m.id, m.lifecycle])).toEqual([
      ["dall-e-2", { state: "retired", since: "2026-05-12", successor: "gpt-image-flare" }],
      ["dall-e-3", { state: "retired", since: "2026-05-12", successor: "gpt-image-sunburst" }],
    ]);
    expect(modelsOfKind("image").map((m) => m.id)).toEqual(["flux-schnell", "gpt-image-flare", "gpt-image-sunburst", "nano-banana-2"]);
    expect(findModel("dall-e-3")?.name).toBe("DALL·E 3");
    const retired = ImageRequest.safeParse({ model: "dall-e-3", prompt: "a cat" });
    expect(retired.error?.issues[0]?.message).toBe("DALL·E 3 was retired by its provider on 2026-05-12; use gpt-image-sunburst (GPT Image Sunburst) instead. Nothing was charged.");
  });

  it("says per model which durations and aspect ratios it takes, as its upstream does", () => {
    const options = Object.fromEntries(modelsOfKind("video").map((m) => [m.id, { durations: durationsOf(m), aspects: aspectsOf(m) }]));
    expect(options["wan-2.1-turbo"]).toEqual({ durations: [5], aspects: ["16:9", "9:16"] });
    expect(options["luma-ray-2"]).toEqual({ durations: [5, 9], aspects: ["16:9", "9:16", "4:3", "3:4", "21:9"] });
    expect(options["kling-3.0"]).toEqual({ durations: [5, 10], aspects: ["16:9", "9:16", "1:1"] });
    expect(options["runway-gen-4.5"]).toEqual({ durations: [5, 10], aspects: ["16:9", "9:16"] });
    expect(sizesOf(findModel("gpt-image-flare")!)).toEqual(["1024x1024", "1536x1024", "1024x1536"]);
    for (const m of modelsOfKind("video")) {
      if (m.id !== "runway-gwm-1") expect(m.options.imageToVideo?.default, m.id).toBeTruthy();
    }
  });

  it("refuses an option a model does not take with a message saying what it takes", () => {
    const cases: [unknown, string, string][] = [
      [{ model: "wan-2.1-turbo", prompt: "a fox", duration: 10 }, "duration", "wan-2.1-turbo makes clips of 5 seconds."],
      [{ model: "luma-ray-2", prompt: "a fox", aspect: "1:1" }, "aspect", "luma-ray-2 takes aspect 16:9, 9:16, 4:3, 3:4, 21:9."],
      [{ model: "luma-ray-2", prompt: "a fox", duration: 10 }, "duration", "luma-ray-2 makes clips of 5 or 9 seconds."],
      [{ model: "runway-gen-4.5", prompt: "x".repeat(1001) }, "prompt", "runway-gen-4.5 takes prompts of at most 1000 characters."],
    ];
    for (const [body, path, message] of cases) {
      const parsed = VideoRequest.safeParse(body);
      expect(parsed.error?.issues[0], JSON.stringify(body)).toMatchObject({ path: [path], message });
    }
    const size = ImageRequest.safeParse({ model: "gpt-image-flare", prompt: "a fox", size: "1792x1024" });
    expect(size.success).toBe(false);
    const aspect = ImageRequest.safeParse({ model: "gpt-image-flare", prompt: "a fox", aspect: "16:9" });
    expect(aspect.error?.issues[0]?.message).toBe("gpt-image-flare takes a size (1024x1024, 1536x1024, 1024x1536), not an aspect ratio.");
    expect(VideoRequest.safeParse({ model: "luma-ray-2", prompt: "a fox", duration: 9, aspect: "21:9" }).success).toBe(true);
  });

  it("derives the plans that are sold from the plans", () => {
    expect(PAID_PLAN_IDS).toEqual(["growth", "pro"]);
  });

  it("holds the plans of the spec", () => {
    expect(Object.values(PLANS).map((p) => [p.id, p.priceUsdMonthly, p.credits, p.jobsInFlight])).toEqual([
      ["free", 0, 15, 1],
      ["growth", 29, 200, 3],
      ["pro", 59, 1000, 5],
    ]);
    expect(planRules().growth).toEqual({ rank: 1, access: ["standard", "premium"], jobs_in_flight: 3 });
    expect(replenishTarget("free")).toBe(0);
    expect(replenishTarget("pro")).toBe(1000);
  });

  it("charges double for a 10 second video and nothing extra elsewhere", () => {
    expect(priceOf(findModel("kling-3.0")!, { duration: 10 })).toBe(30);
    expect(priceOf(findModel("kling-3.0")!, { duration: 5 })).toBe(15);
    expect(priceOf(findModel("kling-3.0")!)).toBe(15);
    expect(priceOf(findModel("gpt-image-sunburst")!, { duration: 10 })).toBe(15);
    expect(priceOf(findModel("luma-ray-2")!, { duration: 9 })).toBe(50);
  });

  it("prices every model at every clip length it makes: the shortest at list price, a longer one double", () => {
    for (const m of MODELS) {
      const durations = durationsOf(m);
      if (m.kind === "video" || m.kind === "director") expect(durations.length, m.id).toBeGreaterThan(0);
      else expect(durations, m.id).toEqual([]);
      expect(priceOf(m), m.id).toBe(m.credits);
      durations.forEach((duration, i) => expect(priceOf(m, { duration }), `${m.id} ${duration}s`).toBe(i === 0 ? m.credits : m.credits * 2));
    }
    // A 10 s director shot would be a long clip too: priced double, not as 5 s.
    const director = findModel("higgsfield-soul")!;
    expect(priceOf({ ...director, options: { ...director.options, durations: [5, 10] } }, { duration: 10 })).toBe(240);
  });

  it("makes Director shots of 5 s only, since Higgsfield's DoP takes no duration", () => {
    expect(durationsOf(findModel("higgsfield-soul")!)).toEqual([5]);
    const anchors = ["data:image/png;base64,AAAA"];
    const ten = DirectorRequest.safeParse({ prompt: "a walk", anchors, motion: "dolly", duration: 10 });
    expect(ten.success).toBe(false);
    expect(ten.error?.issues[0]).toMatchObject({ path: ["duration"], message: "higgsfield-soul makes clips of 5 seconds." });
    expect(DirectorRequest.safeParse({ prompt: "a walk", anchors, motion: "dolly", duration: 5 }).success).toBe(true);
  });

  it("opens each tier to its plans only", () => {
    const premium = findModel("gpt-image-sunburst")!;
    const pro = findModel("seedance-2.0")!;
    expect([canUse("free", premium), canUse("growth", premium), canUse("pro", premium)]).toEqual([false, true, true]);
    expect([canUse("free", pro), canUse("growth", pro), canUse("pro", pro)]).toEqual([false, false, true]);
    expect(requiredPlan(premium)).toBe("growth");
    expect(requiredPlan(pro)).toBe("pro");
    expect(requiredPlan(findModel("flux-schnell")!)).toBe("free");
  });

  it("takes a model's upstream endpoint from its env variable when set", () => {
    const m = findModel("kling-3.0")!;
    expect(endpointOf(m, {})).toBe(m.endpoint.default);
    expect(endpointOf(m, { [m.endpoint.env]: "fal-ai/kling-video/v4/pro" })).toBe("fal-ai/kling-video/v4/pro");
    // GWM-1 has no upstream until one is configured.
    expect(endpointOf(findModel("runway-gwm-1")!, {})).toBe("");
    expect(endpointOf(findModel("runway-gwm-1")!, { RUNWAYML_MODEL_GWM_1: "gwm1" })).toBe("gwm1");
  });
});

describe("plan access from subscriptions", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const sub = (plan: string, status: string, ends_at: string | null = null) => ({ plan, status, ends_at });

  it("grants access while active, on trial, past due, or cancelled before its end", () => {
    expect(grantsAccess(sub("pro", "active"), now)).toBe(true);
    expect(grantsAccess(sub("pro", "on_trial"), now)).toBe(true);
    expect(grantsAccess(sub("pro", "past_due"), now)).toBe(true);
    expect(grantsAccess(sub("pro", "cancelled", "2026-06-10T00:00:00Z"), now)).toBe(true);
    expect(grantsAccess(sub("pro", "cancelled", "2026-05-10T00:00:00Z"), now)).toBe(false);
    for (const status of ["expired", "unpaid", "paused"]) expect(grantsAccess(sub("pro", status), now)).toBe(false);
  });

  it("answers the highest plan granted, free when none is", () => {
    expect(effectivePlan([], now)).toBe("free");
    expect(effectivePlan([sub("growth", "active"), sub("pro", "expired")], now)).toBe("growth");
    expect(effectivePlan([sub("growth", "active"), sub("pro", "on_trial")], now)).toBe("pro");
  });
});
