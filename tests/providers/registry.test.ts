import { describe, expect, it } from "vitest";
import { isDemoMode, isModelAvailable, providerFor } from "@/lib/providers";
import { modelOf } from "./job-input";

describe("provider registry", () => {
  it("runs everything on the demo provider when no provider key is set", () => {
    const env = {};
    expect(isDemoMode(env)).toBe(true);
    expect(providerFor(modelOf("kling-3.0"), env).id).toBe("demo");
    expect(isModelAvailable(modelOf("higgsfield-soul"), env)).toBe(true);
  });

  it("runs everything on the demo provider when DEMO_PROVIDERS=1, keys or not", () => {
    const env = { DEMO_PROVIDERS: "1", FAL_KEY: "k" };
    expect(providerFor(modelOf("kling-3.0"), env).id).toBe("demo");
    expect(providerFor(modelOf("gpt-image-sunburst"), env).id).toBe("demo");
  });

  it("makes a provider without its key unavailable once any key is set", () => {
    const env = { FAL_KEY: "k" };
    expect(isDemoMode(env)).toBe(false);
    expect(isModelAvailable(modelOf("kling-3.0"), env)).toBe(true);
    expect(isModelAvailable(modelOf("flux-schnell"), env)).toBe(false);
    expect(isModelAvailable(modelOf("gpt-image-sunburst"), env)).toBe(false);
    expect(isModelAvailable(modelOf("higgsfield-soul"), env)).toBe(false);
    const replicate = providerFor(modelOf("flux-schnell"), env);
    expect(replicate.id).toBe("replicate");
    expect(replicate.available()).toBe(false);
  });

  it("treats a blank key as no key", () => {
    expect(isDemoMode({ FAL_KEY: "  " })).toBe(true);
    expect(isModelAvailable(modelOf("kling-3.0"), { OPENAI_API_KEY: "k", FAL_KEY: " " })).toBe(false);
  });

  it("picks each model's adapter, built once per configuration", () => {
    const env = { FAL_KEY: "f", REPLICATE_API_TOKEN: "r", OPENAI_API_KEY: "o", HIGGSFIELD_API_KEY: "h:s" };
    expect(providerFor(modelOf("seedance-2.0"), env).id).toBe("fal");
    expect(providerFor(modelOf("flux-schnell"), env).id).toBe("replicate");
    expect(providerFor(modelOf("gpt-image-flare"), env).id).toBe("openai");
    expect(providerFor(modelOf("higgsfield-soul"), env).id).toBe("higgsfield");
    expect(providerFor(modelOf("kling-3.0"), env)).toBe(providerFor(modelOf("wan-2.1-turbo"), env));
    expect(providerFor(modelOf("kling-3.0"), { ...env, FAL_BASE_URL: "http://127.0.0.1:1" })).not.toBe(providerFor(modelOf("kling-3.0"), env));
    for (const id of ["seedance-2.0", "flux-schnell", "gpt-image-flare", "higgsfield-soul"]) expect(providerFor(modelOf(id), env).available()).toBe(true);
  });

  it("keeps a model without an upstream endpoint unavailable, even on the demo provider, until one is configured", () => {
    for (const env of [{}, { DEMO_PROVIDERS: "1" }, { RUNWAYML_API_SECRET: "k" }]) {
      expect(isModelAvailable(modelOf("runway-gwm-1"), env), JSON.stringify(env)).toBe(false);
      expect(isModelAvailable(modelOf("runway-gwm-1"), { ...env, RUNWAYML_MODEL_GWM_1: "gwm1_video" }), JSON.stringify(env)).toBe(true);
    }
    expect(isModelAvailable(modelOf("runway-gen-4.5"), { RUNWAYML_API_SECRET: "k" })).toBe(true);
    expect(providerFor(modelOf("runway-gen-4.5"), { RUNWAYML_API_SECRET: "k" }).id).toBe("runway");
  });

  it("never runs a retired model", () => {
    expect(isModelAvailable(modelOf("dall-e-3"), { OPENAI_API_KEY: "k" })).toBe(false);
    expect(isModelAvailable(modelOf("dall-e-2"), {})).toBe(false);
  });

  it("knows Gemini's key, though chat and text are not job providers", () => {
    const env = { GEMINI_API_KEY: "g" };
    expect(isDemoMode(env)).toBe(false);
    expect(isModelAvailable(modelOf("assistant"), env)).toBe(true);
    expect(isModelAvailable(modelOf("kling-3.0"), env)).toBe(false);
  });
});
