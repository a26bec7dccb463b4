// Starts the provider fakes (media and text) and answers the environment that points the app (or a test's
// adapters) at them: keys, base URLs, the fal JWKS URL, the Replicate webhook secret, and the
// explicit setting that lets outputs be copied from the fakes (plain http on loopback).
import { startFalFake } from "./fal-fake";
import { startGeminiFake } from "./gemini-fake";
import { startHiggsfieldFake } from "./higgsfield-fake";
import { startInternalService } from "./internal-service";
import { startOpenAIFake } from "./openai-fake";
import { startReplicateFake } from "./replicate-fake";
import { startRunwayFake } from "./runway-fake";

export async function startProviderFakes() {
  // [fake:redirect-output] sends an output here: an address no output copy may ever reach.
  const internal = await startInternalService();
  const redirectTo = `${internal.url}/latest/meta-data/out.png`;
  const [fal, replicate, openai, higgsfield, runway, gemini] = await Promise.all([
    startFalFake({ redirectTo }),
    startReplicateFake({ redirectTo }),
    startOpenAIFake(),
    startHiggsfieldFake({ redirectTo }),
    startRunwayFake({ redirectTo }),
    startGeminiFake(),
  ]);
  const env: Record<string, string> = {
    FAL_KEY: fal.key,
    FAL_BASE_URL: fal.url,
    FAL_WEBHOOK_JWKS_URL: fal.jwksUrl,
    REPLICATE_API_TOKEN: replicate.token,
    REPLICATE_BASE_URL: replicate.apiUrl,
    REPLICATE_WEBHOOK_SECRET: replicate.webhookSecret,
    OPENAI_API_KEY: openai.apiKey,
    OPENAI_BASE_URL: openai.apiUrl,
    HIGGSFIELD_API_KEY: higgsfield.apiKey,
    HIGGSFIELD_BASE_URL: higgsfield.url,
    RUNWAYML_API_SECRET: runway.apiKey,
    RUNWAYML_BASE_URL: runway.url,
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
    // Fakes hold "timeout" requests open forever; the app gives up quickly instead of after 30 s.
    PROVIDER_REQUEST_TIMEOUT_MS: "1500",
    // The fakes' own origins only: the internal service stays refused like any other address.
    UNSAFE_OUTPUT_FETCH_TEST_ORIGINS: [fal.url, replicate.url, openai.url, higgsfield.url, runway.url].join(","),
  };
  return {
    fal,
    replicate,
    openai,
    higgsfield,
    runway,
    gemini,
    internal,
    env,
    reset() {
      fal.reset();
      replicate.reset();
      openai.reset();
      higgsfield.reset();
      runway.reset();
      gemini.reset();
      internal.requests.length = 0;
    },
    async close() {
      await Promise.all([fal.close(), replicate.close(), openai.close(), higgsfield.close(), runway.close(), gemini.close(), internal.close()]);
    },
  };
}

export type ProviderFakes = Awaited<ReturnType<typeof startProviderFakes>>;
export { faultOf, FAKE_FAULTS, type FakeFault } from "./fault-marker";
export type { FalFake } from "./fal-fake";
export type { ReplicateFake } from "./replicate-fake";
export type { OpenAIFake } from "./openai-fake";
export type { HiggsfieldFake } from "./higgsfield-fake";
export type { RunwayFake } from "./runway-fake";
export type { GeminiFake } from "./gemini-fake";
export type { InternalService } from "./internal-service";
