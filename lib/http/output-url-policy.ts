// Where the server may download a provider's outputs from: each provider's own file hosts, set by
// `<PROVIDER>_OUTPUT_HOSTS` (comma separated; a host allows its subdomains too), with defaults
// taken from what each provider hands out. UNSAFE_OUTPUT_FETCH_TEST_ORIGINS opens exact origins
// (plain http on loopback) to the local fakes of the test suite; nothing else may set it.
import { logger } from "@/lib/log/logger";


type Env = Record<string, string | undefined>;

export type OutputUrlPolicy = {
  /** Host names outputs may come from, each also allowing its subdomains. */
  hosts: readonly string[];
  /** Exact origins (`http://127.0.0.1:4010`) let through without the https and address rules: test fakes only. */
  testOrigins: readonly string[];
};

export const TEST_ORIGINS_ENV = "UNSAFE_OUTPUT_FETCH_TEST_ORIGINS";

/** Per provider: the variable that sets its output hosts, and the hosts it uses today. */
export const OUTPUT_HOSTS: Record<string, { env: string; defaults: readonly string[] }> = {
  // v3.fal.media, v3b.fal.media, fal.media: fal's CDN for every model's files.
  fal: { env: "FAL_OUTPUT_HOSTS", defaults: ["fal.media"] },
  // replicate.delivery and its shards (pbxt.replicate.delivery, ...).
  replicate: { env: "REPLICATE_OUTPUT_HOSTS", defaults: ["replicate.delivery"] },
  // GPT image models answer base64; only DALL-E's URLs pointed at this blob container.
  openai: { env: "OPENAI_OUTPUT_HOSTS", defaults: ["oaidalleapiprodscus.blob.core.windows.net"] },
  // cdn.higgsfield.ai and the two CloudFront distributions Higgsfield serves media from.
  higgsfield: { env: "HIGGSFIELD_OUTPUT_HOSTS", defaults: ["higgsfield.ai", "d3snorpfx4xhv8.cloudfront.net", "d3u0tzju9qaucj.cloudfront.net"] },
  // Runway's task outputs (PROVIDERS.md section 7).
  runway: { env: "RUNWAYML_OUTPUT_HOSTS", defaults: ["dnznrvs05pmza.cloudfront.net"] },
};

function listOf(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function hostOf(entry: string): string {
  return entry.toLowerCase().replace(/^\*?\./, "").replace(/\.$/, "");
}

function originOf(entry: string): string | undefined {
  try {
    return new URL(entry).origin;
  } catch {
    return undefined;
  }
}

let warnedFor: string | undefined;

/**
 * The policy for one provider's outputs. A provider with no hosts (the demo provider, which
 * hands over bytes) may not have any URL fetched.
 */
export function outputUrlPolicy(provider: string, env: Env = process.env): OutputUrlPolicy {
  const entry = OUTPUT_HOSTS[provider];
  const configured = entry ? listOf(env[entry.env]) : [];
  const hosts = (configured.length > 0 ? configured : (entry?.defaults ?? [])).map(hostOf);
  const testOrigins = listOf(env[TEST_ORIGINS_ENV])
    .map(originOf)
    .filter((origin): origin is string => origin !== undefined && origin !== "null");
  if (testOrigins.length > 0 && warnedFor !== env[TEST_ORIGINS_ENV]) {
    warnedFor = env[TEST_ORIGINS_ENV];
    logger.warn(
      `WARNING: ${TEST_ORIGINS_ENV} is set: outputs are fetched from ${testOrigins.join(", ")} over plain http ` +
        "and without the private-address check. This is for the test suite's local fakes; never set it in production.",
    );
  }
  return { hosts, testOrigins };
}
