// The plans and models Nexora sells: pure data plus the questions everything else asks of it.
// Nothing here imports project code, so pages, routes and tests can all read the same figures.

export const PLAN_IDS = ["free", "growth", "pro"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const ACCESS_LEVELS = ["standard", "premium", "pro"] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export type Plan = {
  id: PlanId;
  name: string;
  priceUsdMonthly: number;
  /** Credits granted once at first sign-in (free) or the level each paid period replenishes to. */
  credits: number;
  creditsRule: "once" | "replenish";
  access: readonly Access[];
  jobsInFlight: number;
  blurb: string;
};

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    priceUsdMonthly: 0,
    credits: 15,
    creditsRule: "once",
    access: ["standard"],
    jobsInFlight: 1,
    blurb: "Try every standard model with 15 credits.",
  },
  growth: {
    id: "growth",
    name: "Growth",
    priceUsdMonthly: 29,
    credits: 200,
    creditsRule: "replenish",
    access: ["standard", "premium"],
    jobsInFlight: 3,
    blurb: "Premium image and video models for steady output.",
  },
  pro: {
    id: "pro",
    name: "Pro",
    priceUsdMonthly: 59,
    credits: 1000,
    creditsRule: "replenish",
    access: ["standard", "premium", "pro"],
    jobsInFlight: 5,
    blurb: "Every model, the Director, and the most jobs at once.",
  },
};

export const STARTER_CREDITS = PLANS.free.credits;

export type ModelKind = "video" | "image" | "director" | "chat" | "text";
export type ProviderId = "fal" | "replicate" | "openai" | "gemini" | "higgsfield";

export type Model = {
  id: string;
  name: string;
  kind: ModelKind;
  provider: ProviderId;
  /** Used when the primary provider is unavailable or fails before anything was produced. */
  fallbackProvider?: ProviderId;
  access: Access;
  /** Price in credits: per 5 s clip for video, per message for chat, per result otherwise. */
  credits: number;
  /** Environment variable that renames the upstream endpoint, and its default. */
  endpointEnv: string;
  defaultEndpoint: string;
  /** Seconds after which a job that has not finished is failed and refunded by the sweeper. */
  timeoutSeconds: number;
  /** Clip lengths in seconds a video or director model makes, shortest first; none for other kinds. */
  durations?: readonly number[];
  tagline: string;
};

const CLIP_LENGTHS = [5, 10] as const;
// Higgsfield's DoP animates a keyframe into a 5 s shot and takes no duration.
const DIRECTOR_SHOT = [5] as const;

const model = (m: Omit<Model, "durations"> & { durations?: readonly number[] }): Model =>
  m.kind === "video" ? { durations: CLIP_LENGTHS, ...m } : m;

export const MODELS: readonly Model[] = [
  model({ id: "wan-2.1-turbo", name: "Wan 2.1 Turbo", kind: "video", provider: "fal", access: "standard", credits: 8, endpointEnv: "FAL_ENDPOINT_WAN_2_1_TURBO", defaultEndpoint: "fal-ai/wan/v2.1/turbo/text-to-video", timeoutSeconds: 600, tagline: "Fast drafts in motion" }),
  model({ id: "kling-3.0", name: "Kling 3.0", kind: "video", provider: "fal", access: "standard", credits: 15, endpointEnv: "FAL_ENDPOINT_KLING_3_0", defaultEndpoint: "fal-ai/kling-video/v3/standard/text-to-video", timeoutSeconds: 900, tagline: "Smooth, physical motion" }),
  model({ id: "luma-ray-2", name: "Luma Ray 2", kind: "video", provider: "fal", access: "premium", credits: 25, endpointEnv: "FAL_ENDPOINT_LUMA_RAY_2", defaultEndpoint: "fal-ai/luma-dream-machine/ray-2", timeoutSeconds: 900, tagline: "Cinematic light and depth" }),
  model({ id: "runway-gen-4.5", name: "Runway Gen-4.5", kind: "video", provider: "fal", access: "pro", credits: 35, endpointEnv: "FAL_ENDPOINT_RUNWAY_GEN_4_5", defaultEndpoint: "fal-ai/runway/gen-4.5/text-to-video", timeoutSeconds: 1200, tagline: "Directed, consistent shots" }),
  model({ id: "runway-gwm-1", name: "Runway GWM-1", kind: "video", provider: "fal", access: "pro", credits: 45, endpointEnv: "FAL_ENDPOINT_RUNWAY_GWM_1", defaultEndpoint: "fal-ai/runway/gwm-1/text-to-video", timeoutSeconds: 1200, tagline: "World-model scenes" }),
  model({ id: "seedance-2.0", name: "Seedance 2.0", kind: "video", provider: "fal", access: "pro", credits: 50, endpointEnv: "FAL_ENDPOINT_SEEDANCE_2_0", defaultEndpoint: "fal-ai/bytedance/seedance/v2/text-to-video", timeoutSeconds: 1200, tagline: "Multi-shot storytelling" }),
  model({ id: "flux-schnell", name: "FLUX.1 schnell", kind: "image", provider: "replicate", access: "standard", credits: 5, endpointEnv: "REPLICATE_MODEL_FLUX_SCHNELL", defaultEndpoint: "black-forest-labs/flux-schnell", timeoutSeconds: 180, tagline: "Images in a blink" }),
  model({ id: "dall-e-2", name: "DALL·E 2", kind: "image", provider: "openai", access: "standard", credits: 8, endpointEnv: "OPENAI_MODEL_DALL_E_2", defaultEndpoint: "dall-e-2", timeoutSeconds: 180, tagline: "Classic, playful compositions" }),
  model({ id: "dall-e-3", name: "DALL·E 3", kind: "image", provider: "openai", access: "premium", credits: 15, endpointEnv: "OPENAI_MODEL_DALL_E_3", defaultEndpoint: "dall-e-3", timeoutSeconds: 180, tagline: "Follows long prompts closely" }),
  model({ id: "nano-banana-2", name: "Nano Banana 2", kind: "image", provider: "fal", access: "premium", credits: 15, endpointEnv: "FAL_ENDPOINT_NANO_BANANA_2", defaultEndpoint: "fal-ai/nano-banana-2", timeoutSeconds: 180, tagline: "Photoreal edits and scenes" }),
  model({ id: "higgsfield-soul", name: "Higgsfield Soul", kind: "director", provider: "higgsfield", access: "pro", credits: 120, endpointEnv: "HIGGSFIELD_ENDPOINT_SOUL", defaultEndpoint: "higgsfield-ai/soul/standard", timeoutSeconds: 1800, durations: DIRECTOR_SHOT, tagline: "Your character, your camera" }),
  model({ id: "assistant", name: "Marketing Assistant", kind: "chat", provider: "gemini", access: "standard", credits: 2, endpointEnv: "GEMINI_MODEL_ASSISTANT", defaultEndpoint: "gemini-2.5-flash", timeoutSeconds: 120, tagline: "A strategist on call" }),
  model({ id: "marketing-kit", name: "Marketing Kit", kind: "text", provider: "gemini", access: "standard", credits: 4, endpointEnv: "GEMINI_MODEL_MARKETING_KIT", defaultEndpoint: "gemini-2.5-flash", timeoutSeconds: 120, tagline: "Campaign copy in one go" }),
  model({ id: "production-report", name: "Production Report", kind: "text", provider: "gemini", fallbackProvider: "openai", access: "standard", credits: 5, endpointEnv: "GEMINI_MODEL_PRODUCTION_REPORT", defaultEndpoint: "gemini-2.5-flash", timeoutSeconds: 180, tagline: "What worked, in numbers" }),
];

export const CAMERA_MOTIONS = ["pan", "zoom", "tilt", "dolly", "orbit", "static"] as const;
export type CameraMotion = (typeof CAMERA_MOTIONS)[number];

const BY_ID = new Map(MODELS.map((m) => [m.id, m]));

export function findModel(id: string): Model | undefined {
  return BY_ID.get(id);
}

export function modelsOfKind(kind: ModelKind): Model[] {
  return MODELS.filter((m) => m.kind === kind);
}

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === "string" && (PLAN_IDS as readonly string[]).includes(value);
}

/** The clip lengths a model makes: empty for a model that makes no clips. */
export function durationsOf(m: Model): readonly number[] {
  return m.durations ?? [];
}

/**
 * Credits a generation costs. A clip model's price is for its shortest clip; any longer clip it
 * makes (10 s, or Luma's 9 s) costs double, whatever the kind (video or director).
 */
export function priceOf(m: Model, options: { duration?: number } = {}): number {
  const durations = durationsOf(m);
  if (options.duration !== undefined && durations.length && options.duration > durations[0]) return m.credits * 2;
  return m.credits;
}

export function canUse(plan: PlanId, m: Model): boolean {
  return PLANS[plan].access.includes(m.access);
}

/** The cheapest plan whose access includes the model: what a 403 tells the user to buy. */
export function requiredPlan(m: Model): PlanId {
  return PLAN_IDS.find((p) => canUse(p, m)) ?? "pro";
}

/** The balance a paid period replenishes to; free has none. */
export function replenishTarget(plan: PlanId): number {
  return PLANS[plan].creditsRule === "replenish" ? PLANS[plan].credits : 0;
}

/** Plans ordered by rank, so an upgrade is a move to a higher index. */
export function planRank(plan: PlanId): number {
  return PLAN_IDS.indexOf(plan);
}

export type PlanRule = { rank: number; access: readonly Access[]; jobs_in_flight: number };

/** The plans as the reservation reads them in SQL: rank, model access and jobs in flight. */
export function planRules(): Record<PlanId, PlanRule> {
  return Object.fromEntries(
    PLAN_IDS.map((id) => [id, { rank: planRank(id), access: PLANS[id].access, jobs_in_flight: PLANS[id].jobsInFlight }]),
  ) as Record<PlanId, PlanRule>;
}

/** The upstream endpoint of a model: the env override when set, the default otherwise. */
export function endpointOf(m: Model, env: Record<string, string | undefined> = process.env): string {
  return env[m.endpointEnv]?.trim() || m.defaultEndpoint;
}
