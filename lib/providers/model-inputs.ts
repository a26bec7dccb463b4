// How our generation params become each upstream model's input fields. This is configuration, not
// logic: when a provider renames a field or a model changes its accepted values, the table changes
// and no adapter does. The endpoint itself is configuration too (`endpointOf` in the catalog).
import type { CameraMotion, Model } from "@/lib/catalog";
import type { AspectRatio, GenerationParams, ImageSize } from "./types";

type ValueMap<K extends string | number> = Partial<Record<K, string | number>>;

export type InputMapping = {
  /** Sent with every request to this model. */
  fixed?: Record<string, unknown>;
  /** The prompt's field; `prompt` everywhere we know of. */
  promptField?: string;
  aspect?: { field: string; values?: ValueMap<AspectRatio>; fallback?: AspectRatio };
  /** OpenAI-style pixel sizes; `fromAspect` derives one when only an aspect was chosen. */
  size?: { field: string; allowed: readonly ImageSize[]; fallback: ImageSize; fromAspect?: ValueMap<AspectRatio> };
  duration?: { field: string; values: ValueMap<5 | 10>; fallback: 5 | 10 };
  anchors?: { field: string; shape: "url" | "image_url_object" };
  motion?: { field: string; values: ValueMap<CameraMotion>; fallback?: CameraMotion };
};

const VIDEO_ASPECTS: ValueMap<AspectRatio> = { "16:9": "16:9", "9:16": "9:16", "1:1": "1:1", "4:3": "16:9", "3:4": "9:16" };
const STRING_SECONDS: InputMapping["duration"] = { field: "duration", values: { 5: "5", 10: "10" }, fallback: 5 };

/** Keyed by catalog model id, so an endpoint renamed by env keeps its mapping. */
export const MODEL_INPUTS: Record<string, InputMapping> = {
  "wan-2.1-turbo": {
    fixed: { resolution: "480p", enable_safety_checker: true },
    aspect: { field: "aspect_ratio", values: VIDEO_ASPECTS, fallback: "16:9" },
    // Wan counts frames, at 16 fps.
    duration: { field: "num_frames", values: { 5: 81, 10: 161 }, fallback: 5 },
  },
  "kling-3.0": {
    aspect: { field: "aspect_ratio", values: VIDEO_ASPECTS, fallback: "16:9" },
    duration: STRING_SECONDS,
  },
  "luma-ray-2": {
    fixed: { resolution: "540p" },
    aspect: { field: "aspect_ratio", values: { "16:9": "16:9", "9:16": "9:16", "1:1": "1:1", "4:3": "4:3", "3:4": "3:4" }, fallback: "16:9" },
    // Ray 2 offers 5 s and 9 s clips; 9 s is the closest to our 10.
    duration: { field: "duration", values: { 5: "5s", 10: "9s" }, fallback: 5 },
  },
  "runway-gen-4.5": {
    aspect: { field: "aspect_ratio", values: VIDEO_ASPECTS, fallback: "16:9" },
    duration: STRING_SECONDS,
  },
  "runway-gwm-1": {
    aspect: { field: "aspect_ratio", values: VIDEO_ASPECTS, fallback: "16:9" },
    duration: STRING_SECONDS,
  },
  "seedance-2.0": {
    fixed: { resolution: "720p" },
    aspect: { field: "aspect_ratio", values: { "16:9": "16:9", "9:16": "9:16", "1:1": "1:1", "4:3": "4:3", "3:4": "3:4" }, fallback: "16:9" },
    duration: STRING_SECONDS,
  },
  "nano-banana-2": {
    fixed: { num_images: 1, output_format: "png" },
    aspect: { field: "aspect_ratio", values: { "1:1": "1:1", "16:9": "16:9", "9:16": "9:16", "4:3": "4:3", "3:4": "3:4" }, fallback: "1:1" },
  },
  "flux-schnell": {
    // PNG rather than the default WebP: every browser and storage path handles it.
    fixed: { num_outputs: 1, output_format: "png" },
    aspect: { field: "aspect_ratio", values: { "1:1": "1:1", "16:9": "16:9", "9:16": "9:16", "4:3": "4:3", "3:4": "3:4" }, fallback: "1:1" },
  },
  "dall-e-2": {
    fixed: { n: 1, response_format: "url" },
    size: { field: "size", allowed: ["256x256", "512x512", "1024x1024"], fallback: "1024x1024" },
  },
  "dall-e-3": {
    fixed: { n: 1, quality: "standard", response_format: "url" },
    size: {
      field: "size",
      allowed: ["1024x1024", "1792x1024", "1024x1792"],
      fallback: "1024x1024",
      fromAspect: { "1:1": "1024x1024", "16:9": "1792x1024", "4:3": "1792x1024", "9:16": "1024x1792", "3:4": "1024x1792" },
    },
  },
  "higgsfield-soul": {
    fixed: { resolution: "720p" },
    aspect: { field: "aspect_ratio", values: { "16:9": "16:9", "9:16": "9:16", "1:1": "1:1", "4:3": "4:3", "3:4": "3:4" }, fallback: "16:9" },
    duration: { field: "duration", values: { 5: 5, 10: 10 }, fallback: 5 },
    anchors: { field: "input_images", shape: "image_url_object" },
    motion: {
      field: "camera_motion",
      values: { pan: "Pan Right", zoom: "Zoom In", tilt: "Tilt Up", dolly: "Dolly In", orbit: "360 Orbit", static: "Static" },
      fallback: "static",
    },
  },
};

/** The model's own input object for a prompt and our params, per MODEL_INPUTS. */
export function buildModelInput(model: Model, prompt: string, params: GenerationParams): Record<string, unknown> {
  const mapping = MODEL_INPUTS[model.id] ?? {};
  const input: Record<string, unknown> = { [mapping.promptField ?? "prompt"]: prompt, ...mapping.fixed };
  if (mapping.aspect) {
    const aspect = params.aspect ?? mapping.aspect.fallback;
    const value = aspect && (mapping.aspect.values ? mapping.aspect.values[aspect] : aspect);
    if (value !== undefined) input[mapping.aspect.field] = value;
  }
  if (mapping.size) {
    const { allowed, fallback, fromAspect } = mapping.size;
    const wanted = params.size ?? (params.aspect && fromAspect?.[params.aspect]);
    input[mapping.size.field] = typeof wanted === "string" && (allowed as readonly string[]).includes(wanted) ? wanted : fallback;
  }
  if (mapping.duration) {
    input[mapping.duration.field] = mapping.duration.values[params.duration ?? mapping.duration.fallback];
  }
  if (mapping.anchors && params.anchors?.length) {
    input[mapping.anchors.field] =
      mapping.anchors.shape === "url" ? params.anchors : params.anchors.map((url) => ({ type: "image_url", image_url: url }));
  }
  if (mapping.motion) {
    const motion = params.motion ?? mapping.motion.fallback;
    if (motion) input[mapping.motion.field] = mapping.motion.values[motion];
  }
  return input;
}
