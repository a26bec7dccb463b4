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
export type ProviderId = "fal" | "replicate" | "openai" | "gemini" | "higgsfield" | "runway";

/** The aspect ratios any model of ours takes; each model lists its own subset. */
export const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];
/** Pixel sizes, for the models that take a size instead of an aspect ratio (GPT image). */
export const IMAGE_SIZES = ["1024x1024", "1536x1024", "1024x1536"] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

/** Where a model's upstream lives: the env variable that renames it, and its default. */
export type Endpoint = { env: string; default: string };

/** What a request may carry for a model: every schema, control and price table reads this. */
export type ModelOptions = {
  /** The longest prompt the upstream takes, in characters. */
  promptMax: number;
  /** Aspect ratios, the default first. */
  aspects?: readonly AspectRatio[];
  /** Pixel sizes, the default first (a model takes sizes or aspects, not both). */
  sizes?: readonly ImageSize[];
  /** Clip lengths in seconds, shortest first; the shortest is the list price. */
  durations?: readonly number[];
  /**
   * Animating a still: the image-to-video endpoint and the field that carries the image, for
   * video models whose upstream has one; `frameFromImage` when the image decides the frame (the
   * endpoint takes no aspect ratio).
   */
  imageToVideo?: Endpoint & { imageField: string; frameFromImage?: true };
};

/**
 * Active models are offered; a retired one is never offered and a request for it names its
 * successor, but it stays here so past generations and reports keep its name. Whether an active
 * model can run right now (its provider configured, its endpoint set) is the registry's question.
 */
export type Lifecycle = { state: "active" } | { state: "retired"; since: string; successor: string };

export type Model = {
  id: string;
  name: string;
  kind: ModelKind;
  provider: ProviderId;
  /** Used when the primary provider is unavailable or fails before anything was produced. */
  fallback?: { provider: ProviderId; endpoint: Endpoint };
  access: Access;
  /** Price in credits: per shortest clip for video, per message for chat, per result otherwise. */
  credits: number;
  /** The upstream id; an empty default means none exists yet, so the model waits for configuration. */
  endpoint: Endpoint;
  /** Seconds after which a job that has not finished is failed and refunded by the sweeper. */
  timeoutSeconds: number;
  options: ModelOptions;
  /** A Director model's steps before its shot: the keyframe's upstream id. */
  director?: { keyframe: Endpoint };
  lifecycle: Lifecycle;
  tagline: string;
};

const ACTIVE: Lifecycle = { state: "active" };

/**
 * Director shot lengths: DoP makes 5 s shots and takes no duration, so 5 only, until an operator
 * configures a shot model that makes longer ones (HIGGSFIELD_ENDPOINT_SHOT) and lists its lengths
 * in HIGGSFIELD_SHOT_DURATIONS ("5,10"); a longer shot then costs double.
 */
function shotDurations(env: Record<string, string | undefined> = typeof process === "undefined" ? {} : process.env): number[] {
  const listed = (env.HIGGSFIELD_SHOT_DURATIONS ?? "").split(",").map((s) => Number(s.trim())).filter((n) => n === 10);
  return [5, ...new Set(listed)];
}
const TEXT: ModelOptions = { promptMax: 8000 };
const at = (env: string, id: string): Endpoint => ({ env, default: id });

export const MODELS: readonly Model[] = [
  {
    id: "wan-2.1-turbo", name: "Wan 2.1 Turbo", kind: "video", provider: "fal", access: "standard", credits: 8,
    endpoint: at("FAL_ENDPOINT_WAN_2_1_TURBO", "fal-ai/wan-t2v"), timeoutSeconds: 600, lifecycle: ACTIVE,
    // 81 frames at 16 fps is the clip Wan makes; a 10 s one would only be slowed motion.
    options: { promptMax: 2000, aspects: ["16:9", "9:16"], durations: [5], imageToVideo: { ...at("FAL_ENDPOINT_WAN_2_1_TURBO_I2V", "fal-ai/wan-i2v"), imageField: "image_url" } },
    tagline: "Fast drafts in motion",
  },
  {
    id: "kling-3.0", name: "Kling 3.0", kind: "video", provider: "fal", access: "standard", credits: 15,
    endpoint: at("FAL_ENDPOINT_KLING_3_0", "fal-ai/kling-video/v3/standard/text-to-video"), timeoutSeconds: 900, lifecycle: ACTIVE,
    options: { promptMax: 2000, aspects: ["16:9", "9:16", "1:1"], durations: [5, 10], imageToVideo: { ...at("FAL_ENDPOINT_KLING_3_0_I2V", "fal-ai/kling-video/v3/standard/image-to-video"), imageField: "start_image_url", frameFromImage: true } },
    tagline: "Smooth, physical motion",
  },
  {
    id: "luma-ray-2", name: "Luma Ray 2", kind: "video", provider: "fal", access: "premium", credits: 25,
    endpoint: at("FAL_ENDPOINT_LUMA_RAY_2", "fal-ai/luma-dream-machine/ray-2"), timeoutSeconds: 900, lifecycle: ACTIVE,
    options: { promptMax: 2000, aspects: ["16:9", "9:16", "4:3", "3:4", "21:9"], durations: [5, 9], imageToVideo: { ...at("FAL_ENDPOINT_LUMA_RAY_2_I2V", "fal-ai/luma-dream-machine/ray-2/image-to-video"), imageField: "image_url" } },
    tagline: "Cinematic light and depth",
  },
  {
    id: "runway-gen-4.5", name: "Runway Gen-4.5", kind: "video", provider: "runway", access: "pro", credits: 35,
    endpoint: at("RUNWAYML_MODEL_GEN_4_5", "gen4.5"), timeoutSeconds: 1200, lifecycle: ACTIVE,
    options: { promptMax: 1000, aspects: ["16:9", "9:16"], durations: [5, 10], imageToVideo: { ...at("RUNWAYML_MODEL_GEN_4_5_I2V", "gen4.5"), imageField: "promptImage" } },
    tagline: "Directed, consistent shots",
  },
  {
    // Runway offers GWM-1 only as real-time avatars: no text-to-video endpoint exists to call.
    id: "runway-gwm-1", name: "Runway GWM-1", kind: "video", provider: "runway", access: "pro", credits: 45,
    endpoint: at("RUNWAYML_MODEL_GWM_1", ""), timeoutSeconds: 1200, lifecycle: ACTIVE,
    options: { promptMax: 1000, aspects: ["16:9", "9:16"], durations: [5, 10] },
    tagline: "World-model scenes",
  },
  {
    id: "seedance-2.0", name: "Seedance 2.0", kind: "video", provider: "fal", access: "pro", credits: 50,
    endpoint: at("FAL_ENDPOINT_SEEDANCE_2_0", "bytedance/seedance-2.0/text-to-video"), timeoutSeconds: 1200, lifecycle: ACTIVE,
    options: { promptMax: 2000, aspects: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"], durations: [5, 10], imageToVideo: { ...at("FAL_ENDPOINT_SEEDANCE_2_0_I2V", "bytedance/seedance-2.0/image-to-video"), imageField: "image_url" } },
    tagline: "Multi-shot storytelling",
  },
  {
    id: "flux-schnell", name: "FLUX.1 schnell", kind: "image", provider: "replicate", access: "standard", credits: 5,
    endpoint: at("REPLICATE_MODEL_FLUX_SCHNELL", "black-forest-labs/flux-schnell"), timeoutSeconds: 180, lifecycle: ACTIVE,
    options: { promptMax: 2000, aspects: ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9"] },
    tagline: "Images in a blink",
  },
  {
    id: "gpt-image-flare", name: "GPT Image Flare", kind: "image", provider: "openai", access: "standard", credits: 8,
    endpoint: at("OPENAI_MODEL_IMAGE_FLARE", "gpt-image-2.6-flare"), timeoutSeconds: 180, lifecycle: ACTIVE,
    options: { promptMax: 2000, sizes: ["1024x1024", "1536x1024", "1024x1536"] },
    tagline: "Quick, clean compositions",
  },
  {
    id: "gpt-image-sunburst", name: "GPT Image Sunburst", kind: "image", provider: "openai", access: "premium", credits: 15,
    endpoint: at("OPENAI_MODEL_IMAGE_SUNBURST", "gpt-image-2.6-sunburst"), timeoutSeconds: 240, lifecycle: ACTIVE,
    options: { promptMax: 2000, sizes: ["1024x1024", "1536x1024", "1024x1536"] },
    tagline: "Follows long prompts closely",
  },
  {
    id: "dall-e-2", name: "DALL·E 2", kind: "image", provider: "openai", access: "standard", credits: 8,
    endpoint: at("OPENAI_MODEL_DALL_E_2", "dall-e-2"), timeoutSeconds: 180,
    lifecycle: { state: "retired", since: "2026-05-12", successor: "gpt-image-flare" },
    options: { promptMax: 1000 },
    tagline: "Retired by OpenAI",
  },
  {
    id: "dall-e-3", name: "DALL·E 3", kind: "image", provider: "openai", access: "premium", credits: 15,
    endpoint: at("OPENAI_MODEL_DALL_E_3", "dall-e-3"), timeoutSeconds: 180,
    lifecycle: { state: "retired", since: "2026-05-12", successor: "gpt-image-sunburst" },
    options: { promptMax: 4000 },
    tagline: "Retired by OpenAI",
  },
  {
    id: "nano-banana-2", name: "Nano Banana 2", kind: "image", provider: "fal", access: "premium", credits: 15,
    endpoint: at("FAL_ENDPOINT_NANO_BANANA_2", "fal-ai/nano-banana-2"), timeoutSeconds: 180, lifecycle: ACTIVE,
    options: { promptMax: 2000, aspects: ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9"] },
    tagline: "Photoreal edits and scenes",
  },
  {
    // Three steps (SPEC section 2): a Soul ID from the anchors, a Soul keyframe with it, and the
    // keyframe animated by DoP. The model's endpoint is the shot's; training takes minutes, so
    // the timeout covers it.
    id: "higgsfield-soul", name: "Higgsfield Soul", kind: "director", provider: "higgsfield", access: "pro", credits: 120,
    endpoint: at("HIGGSFIELD_ENDPOINT_SHOT", "higgsfield-ai/dop/standard"), timeoutSeconds: 2700, lifecycle: ACTIVE,
    director: { keyframe: at("HIGGSFIELD_ENDPOINT_KEYFRAME", "higgsfield-ai/soul/character") },
    options: { promptMax: 2000, aspects: ["16:9", "9:16", "1:1"], durations: shotDurations() },
    tagline: "Your character, your camera",
  },
  {
    id: "assistant", name: "Marketing Assistant", kind: "chat", provider: "gemini", access: "standard", credits: 2,
    endpoint: at("GEMINI_MODEL_ASSISTANT", "gemini-3.8-flash"), timeoutSeconds: 120, lifecycle: ACTIVE, options: TEXT,
    tagline: "A strategist on call",
  },
  {
    id: "marketing-kit", name: "Marketing Kit", kind: "text", provider: "gemini", access: "standard", credits: 4,
    endpoint: at("GEMINI_MODEL_MARKETING_KIT", "gemini-3.8-flash"), timeoutSeconds: 120, lifecycle: ACTIVE, options: TEXT,
    tagline: "Campaign copy in one go",
  },
  {
    id: "production-report", name: "Production Report", kind: "text", provider: "gemini", access: "standard", credits: 5,
    fallback: { provider: "openai", endpoint: at("OPENAI_MODEL_REPORT_FALLBACK", "gpt-6.1-terra") },
    endpoint: at("GEMINI_MODEL_PRODUCTION_REPORT", "gemini-3.8-flash"), timeoutSeconds: 180, lifecycle: ACTIVE, options: TEXT,
    tagline: "What worked, in numbers",
  },
];

export const CAMERA_MOTIONS = ["pan", "zoom", "tilt", "dolly", "orbit", "static"] as const;
export type CameraMotion = (typeof CAMERA_MOTIONS)[number];

const BY_ID = new Map(MODELS.map((m) => [m.id, m]));

export function findModel(id: string): Model | undefined {
  return BY_ID.get(id);
}

/** The models on offer: every active one, in catalog order. */
export const OFFERED_MODELS: readonly Model[] = MODELS.filter((m) => m.lifecycle.state === "active");

/** The models of a kind on offer; retired ones are never offered. */
export function modelsOfKind(kind: ModelKind): Model[] {
  return OFFERED_MODELS.filter((m) => m.kind === kind);
}

/** The successor of a retired model, for the 400 that names it; undefined for an active one. */
export function successorOf(m: Model): Model | undefined {
  return m.lifecycle.state === "retired" ? findModel(m.lifecycle.successor) : undefined;
}

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === "string" && (PLAN_IDS as readonly string[]).includes(value);
}

/** The clip lengths a model makes: empty for a model that makes no clips. */
export function durationsOf(m: Model): readonly number[] {
  return m.options.durations ?? [];
}

/** The aspect ratios a model takes, its default first: empty for a model that takes a size. */
export function aspectsOf(m: Model): readonly AspectRatio[] {
  return m.options.aspects ?? [];
}

/** The pixel sizes a model takes, its default first: empty for a model that takes an aspect ratio. */
export function sizesOf(m: Model): readonly ImageSize[] {
  return m.options.sizes ?? [];
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

type Env = Record<string, string | undefined>;

/** An upstream id: the env override when set, the default otherwise; empty when neither exists. */
export function resolveEndpoint(endpoint: Endpoint, env: Env = process.env): string {
  return env[endpoint.env]?.trim() || endpoint.default;
}

/** The upstream endpoint of a model. */
export function endpointOf(m: Model, env: Env = process.env): string {
  return resolveEndpoint(m.endpoint, env);
}

/** The endpoint a job of the model runs on: its image-to-video sibling when it animates a still. */
export function jobEndpointOf(m: Model, params: { imageFrom?: string }, env: Env = process.env): string {
  return params.imageFrom && m.options.imageToVideo ? resolveEndpoint(m.options.imageToVideo, env) : endpointOf(m, env);
}

/** The plans that are sold (every plan but the free one), cheapest first. */
export const PAID_PLAN_IDS = PLAN_IDS.filter((id): id is PaidPlanId => PLANS[id].creditsRule === "replenish");
export type PaidPlanId = Exclude<PlanId, "free">;

/** The highest plan: the one the pricing and billing pages feature. */
export const TOP_PLAN: PaidPlanId = PAID_PLAN_IDS[PAID_PLAN_IDS.length - 1]!;

export function isPaidPlanId(value: unknown): value is PaidPlanId {
  return typeof value === "string" && (PAID_PLAN_IDS as readonly string[]).includes(value);
}

/** The channels a marketing kit writes for, with each platform's caption limit (characters). */
export const MARKETING_CHANNELS = {
  instagram: { name: "Instagram", captionMax: 2200 },
  tiktok: { name: "TikTok", captionMax: 2200 },
  x: { name: "X", captionMax: 280 },
  linkedin: { name: "LinkedIn", captionMax: 3000 },
  facebook: { name: "Facebook", captionMax: 2000 },
  youtube: { name: "YouTube", captionMax: 5000 },
} as const;
export type MarketingChannel = keyof typeof MARKETING_CHANNELS;
export const MARKETING_CHANNEL_IDS = Object.keys(MARKETING_CHANNELS) as MarketingChannel[];

/** The other limits of a kit: a headline that fits an ad, an email subject that fits an inbox. */
export const KIT_LIMITS = { headlineMax: 90, hashtagsMax: 10, hashtagMax: 40, emailSubjectMax: 78, emailBodyMax: 2000, callToActionMax: 80 } as const;
