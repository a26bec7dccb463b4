import { describe, expect, it } from "vitest";
import { MODELS, PLANS, canUse, durationsOf, endpointOf, findModel, planRules, priceOf, replenishTarget, requiredPlan } from "../../lib/catalog";
import { DirectorRequest } from "../../lib/generations/schema";
import { effectivePlan, grantsAccess } from "../../lib/credits/effective-plan";

const SPEC_MODELS: [string, string, string, string, number][] = [
  ["wan-2.1-turbo", "video", "fal", "standard", 8],
  ["kling-3.0", "video", "fal", "standard", 15],
  ["luma-ray-2", "video", "fal", "premium", 25],
  ["runway-gen-4.5", "video", "fal", "pro", 35],
  ["runway-gwm-1", "video", "fal", "pro", 45],
  ["seedance-2.0", "video", "fal", "pro", 50],
  ["flux-schnell", "image", "replicate", "standard", 5],
  ["dall-e-2", "image", "openai", "standard", 8],
  ["dall-e-3", "image", "openai", "premium", 15],
  ["nano-banana-2", "image", "fal", "premium", 15],
  ["higgsfield-soul", "director", "higgsfield", "pro", 120],
  ["assistant", "chat", "gemini", "standard", 2],
  ["marketing-kit", "text", "gemini", "standard", 4],
  ["production-report", "text", "gemini", "standard", 5],
];

describe("catalog", () => {
  it("holds exactly the models, kinds, providers, tiers and prices of the spec", () => {
    expect(MODELS.map((m) => [m.id, m.kind, m.provider, m.access, m.credits])).toEqual(SPEC_MODELS);
    expect(findModel("production-report")?.fallbackProvider).toBe("openai");
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
    expect(priceOf(findModel("dall-e-3")!, { duration: 10 })).toBe(15);
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
    expect(priceOf({ ...findModel("higgsfield-soul")!, durations: [5, 10] }, { duration: 10 })).toBe(240);
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
    const premium = findModel("dall-e-3")!;
    const pro = findModel("seedance-2.0")!;
    expect([canUse("free", premium), canUse("growth", premium), canUse("pro", premium)]).toEqual([false, true, true]);
    expect([canUse("free", pro), canUse("growth", pro), canUse("pro", pro)]).toEqual([false, false, true]);
    expect(requiredPlan(premium)).toBe("growth");
    expect(requiredPlan(pro)).toBe("pro");
    expect(requiredPlan(findModel("flux-schnell")!)).toBe("free");
  });

  it("takes a model's upstream endpoint from its env variable when set", () => {
    const m = findModel("kling-3.0")!;
    expect(endpointOf(m, {})).toBe(m.defaultEndpoint);
    expect(endpointOf(m, { [m.endpointEnv]: "fal-ai/kling-video/v4/pro" })).toBe("fal-ai/kling-video/v4/pro");
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
