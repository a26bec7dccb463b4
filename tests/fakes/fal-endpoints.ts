// The endpoints the fal fake serves and the input each one takes (PROVIDERS.md section 1, from the
// types fal generates from its own schemas). fal answers 404 for an endpoint it does not serve and
// 422 with a `detail` list for a field out of range. Unknown fields are refused here too, although
// fal drops them silently: a misspelt field is a bug the tests must see, not a default the
// customer silently gets.
import { z } from "zod";

export type FalEndpoint = { kind: "video" | "image"; input: z.ZodType };

const prompt = z.string().min(1);
const url = z.string().regex(/^(https?:|data:)/, "must be a URL or a data URI");
const seconds = (from: number, to: number) => z.enum(Array.from({ length: to - from + 1 }, (_, i) => String(from + i)) as [string, ...string[]]);

const wan = {
  prompt,
  negative_prompt: z.string().optional(),
  seed: z.number().int().optional(),
  num_frames: z.number().int().min(81).max(100).optional(),
  frames_per_second: z.number().int().min(5).max(24).optional(),
  num_inference_steps: z.number().int().min(2).max(40).optional(),
  guide_scale: z.number().min(1).max(10).optional(),
  shift: z.number().min(1).max(10).optional(),
  enable_safety_checker: z.boolean().optional(),
  enable_prompt_expansion: z.boolean().optional(),
  turbo_mode: z.boolean().optional(),
};

const kling = {
  prompt,
  duration: seconds(3, 15).optional(),
  negative_prompt: z.string().optional(),
  cfg_scale: z.number().min(0).max(1).optional(),
  generate_audio: z.boolean().optional(),
};

const luma = {
  prompt,
  aspect_ratio: z.enum(["16:9", "9:16", "4:3", "3:4", "21:9", "9:21"]).optional(),
  loop: z.boolean().optional(),
  resolution: z.enum(["540p", "720p", "1080p"]).optional(),
  duration: z.enum(["5s", "9s"]).optional(),
};

const seedance = {
  prompt,
  resolution: z.enum(["480p", "720p", "1080p", "4k"]).optional(),
  duration: z.union([seconds(4, 15), z.literal("auto")]).optional(),
  aspect_ratio: z.enum(["auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16"]).optional(),
  generate_audio: z.boolean().optional(),
  seed: z.number().int().optional(),
};

const NANO_BANANA_ASPECTS = ["auto", "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "4:1", "1:4", "8:1", "1:8"] as const;
const nanoBanana = {
  prompt,
  num_images: z.number().int().min(1).max(4).optional(),
  aspect_ratio: z.enum(NANO_BANANA_ASPECTS).optional(),
  resolution: z.enum(["0.5K", "1K", "2K", "4K"]).optional(),
  output_format: z.enum(["jpeg", "png", "webp"]).optional(),
  seed: z.number().int().optional(),
  sync_mode: z.boolean().optional(),
};

const FLUX = { prompt, image_size: z.string().optional(), num_images: z.number().int().min(1).max(4).optional(), seed: z.number().int().optional() };

export const FAL_ENDPOINTS: Record<string, FalEndpoint> = {
  "fal-ai/wan-t2v": {
    kind: "video",
    input: z.strictObject({ ...wan, aspect_ratio: z.enum(["16:9", "9:16"]).optional(), resolution: z.enum(["480p", "580p", "720p"]).optional() }),
  },
  "fal-ai/wan-i2v": {
    kind: "video",
    input: z.strictObject({ ...wan, image_url: url, aspect_ratio: z.enum(["auto", "16:9", "9:16", "1:1"]).optional(), resolution: z.enum(["480p", "720p"]).optional() }),
  },
  "fal-ai/kling-video/v3/standard/text-to-video": {
    kind: "video",
    input: z.strictObject({ ...kling, aspect_ratio: z.enum(["16:9", "9:16", "1:1"]).optional() }),
  },
  // The image decides the frame: no aspect ratio.
  "fal-ai/kling-video/v3/standard/image-to-video": { kind: "video", input: z.strictObject({ ...kling, start_image_url: url, end_image_url: url.optional() }) },
  "fal-ai/luma-dream-machine/ray-2": { kind: "video", input: z.strictObject(luma) },
  "fal-ai/luma-dream-machine/ray-2/image-to-video": { kind: "video", input: z.strictObject({ ...luma, image_url: url.optional(), end_image_url: url.optional() }) },
  "bytedance/seedance-2.0/text-to-video": { kind: "video", input: z.strictObject(seedance) },
  "bytedance/seedance-2.0/image-to-video": { kind: "video", input: z.strictObject({ ...seedance, image_url: url, end_image_url: url.optional() }) },
  "fal-ai/nano-banana-2": { kind: "image", input: z.strictObject(nanoBanana) },
  "fal-ai/nano-banana-2/edit": { kind: "image", input: z.strictObject({ ...nanoBanana, image_urls: z.array(url).min(1) }) },
  "fal-ai/flux/schnell": { kind: "image", input: z.strictObject(FLUX) },
};

/** fal's 422 body for a refused input: one `{loc, msg, type}` per problem. */
export function falValidationDetail(error: z.ZodError): { loc: (string | number)[]; msg: string; type: string }[] {
  return error.issues.map((issue) => ({
    loc: ["body", ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    msg: issue.message,
    type: issue.code === "unrecognized_keys" ? "extra_forbidden" : issue.code === "invalid_value" ? "enum" : `value_error.${issue.code}`,
  }));
}
