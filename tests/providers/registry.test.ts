import { describe, expect, it } from "vitest";
import { isDemoMode, isProviderAvailable, providerFor } from "@/lib/providers";
import { modelOf } from "./job-input";

describe("provider registry", () => {
  it("runs everything on the demo provider when no provider key is set", () => {
    const env = {};
    expect(isDemoMode(env)).toBe(true);
    expect(providerFor(modelOf("kling-3.0"), env).id).toBe("demo");
    expect(isProviderAvailable(modelOf("higgsfield-soul"), env)).toBe(true);
  });

  it("runs everything on the demo provider when DEMO_PROVIDERS=1, keys or not", () => {
    const env = { DEMO_PROVIDERS: "1", FAL_KEY: "k" };
    expect(providerFor(modelOf("kling-3.0"), env).id).toBe("demo");
    expect(providerFor(modelOf("dall-e-3"), env).id).toBe("demo");
  });

  it("makes a provider without its key unavailable once any key is set", () => {
    const env = { FAL_KEY: "k" };
    expect(isDemoMode(env)).toBe(false);
    expect(isProviderAvailable(modelOf("kling-3.0"), env)).toBe(true);
    expect(isProviderAvailable(modelOf("flux-schnell"), env)).toBe(false);
    expect(isProviderAvailable(modelOf("dall-e-3"), env)).toBe(false);
    expect(isProviderAvailable(modelOf("higgsfield-soul"), env)).toBe(false);
    const replicate = providerFor(modelOf("flux-schnell"), env);
    expect(replicate.id).toBe("replicate");
    expect(replicate.available()).toBe(false);
  });

  it("treats a blank key as no key", () => {
    expect(isDemoMode({ FAL_KEY: "  " })).toBe(true);
    expect(isProviderAvailable(modelOf("kling-3.0"), { OPENAI_API_KEY: "k", FAL_KEY: " " })).toBe(false);
  });

  it("picks each model's adapter, built once per configuration", () => {
    const env = { FAL_KEY: "f", REPLICATE_API_TOKEN: "r", OPENAI_API_KEY: "o", HIGGSFIELD_API_KEY: "h:s" };
    expect(providerFor(modelOf("seedance-2.0"), env).id).toBe("fal");
    expect(providerFor(modelOf("flux-schnell"), env).id).toBe("replicate");
    expect(providerFor(modelOf("dall-e-2"), env).id).toBe("openai");
    expect(providerFor(modelOf("higgsfield-soul"), env).id).toBe("higgsfield");
    expect(providerFor(modelOf("kling-3.0"), env)).toBe(providerFor(modelOf("wan-2.1-turbo"), env));
    expect(providerFor(modelOf("kling-3.0"), { ...env, FAL_BASE_URL: "http://127.0.0.1:1" })).not.toBe(providerFor(modelOf("kling-3.0"), env));
    for (const id of ["seedance-2.0", "flux-schnell", "dall-e-2", "higgsfield-soul"]) expect(providerFor(modelOf(id), env).available()).toBe(true);
  });

  it("knows Gemini's key, though chat and text are not job providers", () => {
    const env = { GEMINI_API_KEY: "g" };
    expect(isDemoMode(env)).toBe(false);
    expect(isProviderAvailable(modelOf("assistant"), env)).toBe(true);
    expect(isProviderAvailable(modelOf("kling-3.0"), env)).toBe(false);
  });
});
