// What the three generation routes accept. Options are checked per model here, so the domain
// and the adapters only ever see a request the model can run.
import { z } from "zod";
import { CAMERA_MOTIONS, durationsOf, findModel, MODELS, type Model, type ModelKind } from "@/lib/catalog";
import type { AspectRatio, GenerationParams, ImageSize } from "@/lib/providers/types";

export const PROMPT_MAX = 2000;
export const ANCHORS_MAX = 4;
/** A director request carries its anchor images inline (data: URLs) or as links. */
export const DIRECTOR_BODY_LIMIT = 12 * 1024 * 1024;
const ANCHOR_MAX_CHARS = 4 * 1024 * 1024;

const ASPECTS = ["1:1", "16:9", "9:16", "4:3", "3:4"] as const satisfies readonly AspectRatio[];
const SIZES = ["1024x1024", "1792x1024", "1024x1792", "512x512", "256x256"] as const satisfies readonly ImageSize[];

/** The options each image model takes: OpenAI models a pixel size, the others an aspect ratio. */
const IMAGE_OPTIONS: Record<string, { sizes?: readonly ImageSize[]; aspects?: readonly AspectRatio[]; promptMax?: number }> = {
  "dall-e-2": { sizes: ["256x256", "512x512", "1024x1024"], promptMax: 1000 },
  "dall-e-3": { sizes: ["1024x1024", "1792x1024", "1024x1792"] },
};
const DEFAULT_IMAGE_OPTIONS = { aspects: ASPECTS };
const VIDEO_ASPECTS = ["16:9", "9:16", "1:1"] as const satisfies readonly AspectRatio[];

const prompt = z.string().trim().min(1, "Write a prompt.").max(PROMPT_MAX, `A prompt may be at most ${PROMPT_MAX} characters.`);

function modelIdOf(kind: ModelKind) {
  const ids = MODELS.filter((m) => m.kind === kind).map((m) => m.id);
  return z.string().refine((id) => ids.includes(id), { message: `Unknown ${kind} model. Choose one of: ${ids.join(", ")}.` });
}

const anchor = z
  .string()
  .max(ANCHOR_MAX_CHARS, "An anchor image may be at most 3 MB.")
  .refine((s) => /^https:\/\/\S+$/i.test(s) || /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(s), {
    message: "An anchor is an https URL or a data:image/png|jpeg|webp;base64 URL.",
  });

export const ImageRequest = z
  .object({
    model: modelIdOf("image"),
    prompt,
    size: z.enum(SIZES).optional(),
    aspect: z.enum(ASPECTS).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const options = IMAGE_OPTIONS[input.model] ?? DEFAULT_IMAGE_OPTIONS;
    if (input.size && !options.sizes?.includes(input.size)) {
      ctx.addIssue({ code: "custom", path: ["size"], message: options.sizes ? `${input.model} takes size ${options.sizes.join(", ")}.` : `${input.model} takes an aspect ratio, not a size.` });
    }
    if (input.aspect && !options.aspects?.includes(input.aspect)) {
      ctx.addIssue({ code: "custom", path: ["aspect"], message: options.aspects ? `${input.model} takes aspect ${options.aspects.join(", ")}.` : `${input.model} takes a size, not an aspect ratio.` });
    }
    if (options.promptMax && input.prompt.length > options.promptMax) {
      ctx.addIssue({ code: "custom", path: ["prompt"], message: `${input.model} takes prompts of at most ${options.promptMax} characters.` });
    }
  });

/** A clip length the chosen model makes; 400 naming the lengths it does make otherwise. */
function checkDuration(input: { model: string; duration: number }, ctx: z.RefinementCtx) {
  const model = findModel(input.model);
  if (!model) return;
  const durations = durationsOf(model);
  if (!durations.includes(input.duration)) {
    ctx.addIssue({ code: "custom", path: ["duration"], message: `${input.model} makes clips of ${durations.join(" or ")} seconds.` });
  }
}

export const VideoRequest = z
  .object({
    model: modelIdOf("video"),
    prompt,
    duration: z.union([z.literal(5), z.literal(10)]).default(5),
    aspect: z.enum(VIDEO_ASPECTS).default("16:9"),
  })
  .strict()
  .superRefine(checkDuration);

export const DirectorRequest = z
  .object({
    model: modelIdOf("director").default("higgsfield-soul"),
    prompt,
    anchors: z.array(anchor).min(1, "Add at least one anchor image.").max(ANCHORS_MAX, `At most ${ANCHORS_MAX} anchor images.`),
    motion: z.enum(CAMERA_MOTIONS),
    duration: z.union([z.literal(5), z.literal(10)]).default(5),
    aspect: z.enum(VIDEO_ASPECTS).default("16:9"),
  })
  .strict()
  .superRefine(checkDuration);

export type ImageRequest = z.infer<typeof ImageRequest>;
export type VideoRequest = z.infer<typeof VideoRequest>;
export type DirectorRequest = z.infer<typeof DirectorRequest>;

/** A validated request of any kind, in the one shape the domain takes. */
export type GenerationRequest = { model: Model; prompt: string; params: GenerationParams };

export function toGenerationRequest(input: ImageRequest | VideoRequest | DirectorRequest): GenerationRequest {
  const model = findModel(input.model)!;
  const params: GenerationParams = {};
  // A fixed key order keeps the idempotency hash of equal requests equal.
  if ("size" in input && input.size) params.size = input.size;
  if (input.aspect) params.aspect = input.aspect;
  else if (model.kind === "image" && !("size" in input && input.size)) {
    const options = IMAGE_OPTIONS[model.id] ?? DEFAULT_IMAGE_OPTIONS;
    if (options.sizes) params.size = options.sizes.includes("1024x1024") ? "1024x1024" : options.sizes[0];
    else params.aspect = "1:1";
  }
  if ("duration" in input) params.duration = input.duration;
  if ("anchors" in input) params.anchors = input.anchors;
  if ("motion" in input) params.motion = input.motion;
  return { model, prompt: input.prompt, params };
}

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  kind: z.enum(["image", "video", "director"]).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;


