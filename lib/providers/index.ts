// Which provider runs a model. The demo provider runs everything when DEMO_PROVIDERS=1 or when no
// provider key is set at all (the embedded default); otherwise each provider runs on its own key,
// and a provider without one is unavailable (its models answer 503, nothing charged).
import "server-only";
import { endpointOf, resolveEndpoint, type Model, type ProviderId } from "@/lib/catalog";
import { isDemoDeployment } from "@/lib/deployment/is-demo-deployment";
import { createDemoProvider } from "./demo";
import { createDemoTextProvider } from "./demo-text";
import { createFalProvider } from "./fal";
import { createGeminiProvider } from "./gemini";
import { createHiggsfieldProvider } from "./higgsfield";
import { createOpenAIProvider } from "./openai";
import { createOpenAIChatProvider } from "./openai-chat";
import { createReplicateProvider } from "./replicate";
import { createRunwayProvider } from "./runway";
import type { TextProvider } from "./text-types";
import type { Provider } from "./types";

type Env = Record<string, string | undefined>;

export const PROVIDER_KEY_ENV: Record<ProviderId, string> = {
  fal: "FAL_KEY",
  replicate: "REPLICATE_API_TOKEN",
  openai: "OPENAI_API_KEY",
  gemini: "GEMINI_API_KEY",
  higgsfield: "HIGGSFIELD_API_KEY",
  // The Runway SDK's own name for its key.
  runway: "RUNWAYML_API_SECRET",
};

/** The base URL variable of each provider, for gateways, proxies and tests. */
export const PROVIDER_BASE_URL_ENV: Record<ProviderId, string> = {
  fal: "FAL_BASE_URL",
  replicate: "REPLICATE_BASE_URL",
  openai: "OPENAI_BASE_URL",
  gemini: "GEMINI_BASE_URL",
  higgsfield: "HIGGSFIELD_BASE_URL",
  runway: "RUNWAYML_BASE_URL",
};

const read = (env: Env, name: string) => env[name]?.trim() || undefined;

/**
 * Whether the demo provider stands in for every generation model: always in a demo deployment,
 * else by DEMO_PROVIDERS=1, or when no provider key is set at all. DEMO_PROVIDERS=0 turns it off.
 */
export function isDemoMode(env: Env = process.env): boolean {
  if (isDemoDeployment(env)) return true;
  const forced = read(env, "DEMO_PROVIDERS");
  if (forced === "1") return true;
  if (forced === "0") return false;
  return Object.values(PROVIDER_KEY_ENV).every((name) => !read(env, name));
}

/**
 * Whether a model can run now: it has an upstream endpoint (GWM-1 has none until one is
 * configured, even for the demo provider) and a provider to run it. The others answer 503.
 */
export function isModelAvailable(model: Model, env: Env = process.env): boolean {
  if (model.lifecycle.state !== "active" || !endpointOf(model, env)) return false;
  return isDemoMode(env) || Boolean(read(env, PROVIDER_KEY_ENV[model.provider]));
}

function timeoutOf(env: Env): number | undefined {
  const ms = Number(read(env, "PROVIDER_REQUEST_TIMEOUT_MS"));
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function buildProvider(id: ProviderId, env: Env): Provider {
  const timeoutMs = timeoutOf(env);
  switch (id) {
    case "fal":
      return createFalProvider({ credentials: read(env, "FAL_KEY"), baseUrl: read(env, "FAL_BASE_URL"), timeoutMs });
    case "replicate":
      return createReplicateProvider({ auth: read(env, "REPLICATE_API_TOKEN"), baseUrl: read(env, "REPLICATE_BASE_URL"), timeoutMs });
    case "openai":
      return createOpenAIProvider({ apiKey: read(env, "OPENAI_API_KEY"), baseURL: read(env, "OPENAI_BASE_URL"), timeoutMs });
    case "higgsfield":
      return createHiggsfieldProvider({ apiKey: read(env, "HIGGSFIELD_API_KEY"), baseUrl: read(env, "HIGGSFIELD_BASE_URL"), timeoutMs });
    case "runway":
      return createRunwayProvider({ apiKey: read(env, "RUNWAYML_API_SECRET"), baseURL: read(env, "RUNWAYML_BASE_URL"), timeoutMs });
    case "gemini":
      throw new Error("Gemini serves chat and text, not generation jobs: use textProviderFor");
  }
}

/** Adapters are built on first use and kept; a changed configuration (tests) builds anew. */
const built = new Map<string, Provider>();
let demo: Provider | undefined;

function configKey(id: ProviderId, env: Env): string {
  return [id, read(env, PROVIDER_KEY_ENV[id]), read(env, PROVIDER_BASE_URL_ENV[id]), read(env, "PROVIDER_REQUEST_TIMEOUT_MS")].join("\u0000");
}

/** The provider that runs a model's generations: the demo provider in demo mode, else its adapter. */
export function providerFor(model: Model, env: Env = process.env): Provider {
  if (isDemoMode(env)) return (demo ??= createDemoProvider());
  const key = configKey(model.provider, env);
  let provider = built.get(key);
  if (!provider) {
    provider = buildProvider(model.provider, env);
    built.set(key, provider);
  }
  return provider;
}

/**
 * The provider holding a job dispatched to `providerId`: the demo provider for a demo job, the
 * model's adapter otherwise; null when the configuration no longer has that provider for it.
 */
export function providerOfJob(providerId: string, model: Model, env: Env = process.env): Provider | null {
  const provider = providerId === "demo" ? (demo ??= createDemoProvider()) : providerFor(model, env);
  return provider.id === providerId ? provider : null;
}

const builtText = new Map<string, TextProvider>();
let demoText: TextProvider | undefined;

function textAdapter(id: "gemini" | "openai", env: Env): TextProvider {
  const key = configKey(id, env);
  let provider = builtText.get(key);
  if (!provider) {
    const timeoutMs = timeoutOf(env);
    provider =
      id === "gemini"
        ? createGeminiProvider({ apiKey: read(env, "GEMINI_API_KEY"), baseUrl: read(env, "GEMINI_BASE_URL"), timeoutMs })
        : createOpenAIChatProvider({ apiKey: read(env, "OPENAI_API_KEY"), baseURL: read(env, "OPENAI_BASE_URL"), timeoutMs });
    builtText.set(key, provider);
  }
  return provider;
}

/** The provider that writes a text model's answers: the demo text provider in demo mode, Gemini otherwise. */
export function textProviderFor(model: Model, env: Env = process.env): TextProvider {
  if (isDemoMode(env)) return (demoText ??= createDemoTextProvider());
  if (model.provider !== "gemini" && model.provider !== "openai") throw new Error(`${model.id} is not a text model`);
  return textAdapter(model.provider, env);
}

/** The model's fallback (OpenAI chat for the production report) when it is configured; none in demo mode. */
export function fallbackTextProviderFor(model: Model, env: Env = process.env): { provider: TextProvider; endpoint: string } | null {
  const fallback = model.fallback;
  if (!fallback || isDemoMode(env) || (fallback.provider !== "openai" && fallback.provider !== "gemini")) return null;
  const provider = textAdapter(fallback.provider, env);
  return provider.available() ? { provider, endpoint: resolveEndpoint(fallback.endpoint, env) } : null;
}
