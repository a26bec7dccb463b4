// How our generation params become each upstream model's input fields. This is configuration, not
// logic: the catalog says which options a model offers, this table says how its upstream spells
// them, and when a provider renames a field only a row here changes. The Director's steps spell
// their own inputs (lib/providers/higgsfield.ts). The endpoint itself is
// configuration too (`endpointOf` in the catalog).
import { aspectsOf, durationsOf, sizesOf, type AspectRatio, type Model } from "@/lib/catalog";
import type { GenerationParams } from "./types";

type ValueMap<K extends string | number> = Partial<Record<K, string | number>>;

export type InputMapping = {
  /** Sent with every request to this model. */
  fixed?: Record<string, unknown>;
  /** The prompt's field: `prompt` unless the upstream says otherwise. */
  promptField?: string;
  /** The aspect ratio's field; `values` translates where the upstream spells ratios its own way. */
  aspect?: { field: string; values?: ValueMap<AspectRatio> };
  /** A pixel size, sent as it is. */
  size?: { field: string };
  /** The clip length: seconds as the upstream spells them (a string, a number, a frame count). */
  duration?: { field: string; values: ValueMap<number> };
};

const STRING_SECONDS = { field: "duration", values: { 5: "5", 10: "10" } };
const ASPECT_RATIO = { field: "aspect_ratio" };

/** Keyed by catalog model id, so an endpoint renamed by env keeps its mapping. */
export const MODEL_INPUTS: Record<string, InputMapping> = {
  "wan-2.1-turbo": {
    // Wan counts frames: 81 at 16 fps is its 5 s clip.
    fixed: { turbo_mode: true, resolution: "480p", frames_per_second: 16, enable_safety_checker: true },
    aspect: ASPECT_RATIO,
    duration: { field: "num_frames", values: { 5: 81 } },
  },
  "kling-3.0": {
    // Kling adds sound by default, billed 1.5x: we sell it silent.
    fixed: { generate_audio: false },
    aspect: ASPECT_RATIO,
    duration: STRING_SECONDS,
  },
  "luma-ray-2": {
    fixed: { resolution: "540p" },
    aspect: ASPECT_RATIO,
    duration: { field: "duration", values: { 5: "5s", 9: "9s" } },
  },
  "runway-gen-4.5": {
    promptField: "promptText",
    aspect: { field: "ratio", values: { "16:9": "1280:720", "9:16": "720:1280" } },
    duration: { field: "duration", values: { 5: 5, 10: 10 } },
  },
  "runway-gwm-1": {
    promptField: "promptText",
    aspect: { field: "ratio", values: { "16:9": "1280:720", "9:16": "720:1280" } },
    duration: { field: "duration", values: { 5: 5, 10: 10 } },
  },
  "seedance-2.0": {
    fixed: { resolution: "720p" },
    aspect: ASPECT_RATIO,
    duration: STRING_SECONDS,
  },
  "nano-banana-2": {
    fixed: { num_images: 1, output_format: "png" },
    aspect: ASPECT_RATIO,
  },
  "flux-schnell": {
    // PNG rather than the default WebP: every browser and storage path handles it.
    fixed: { num_outputs: 1, output_format: "png" },
    aspect: ASPECT_RATIO,
  },
  // GPT image models: an explicit quality, so each credit price maps to a known upstream cost.
  "gpt-image-flare": {
    fixed: { n: 1, quality: "medium", output_format: "png" },
    size: { field: "size" },
  },
  "gpt-image-sunburst": {
    fixed: { n: 1, quality: "high", output_format: "png" },
    size: { field: "size" },
  },
};

/** A value the catalog offers but this table cannot spell: a configuration bug, caught by the tests. */
function spelled<K extends string | number>(model: Model, option: string, values: ValueMap<K> | undefined, key: K): string | number {
  const value = values ? values[key] : key;
  if (value === undefined) throw new Error(`${model.id}: no upstream value for ${option} ${key}`);
  return value;
}

/** The model's own input object for a prompt and our params, per MODEL_INPUTS; unset options take the catalog's default. */
export function buildModelInput(model: Model, prompt: string, params: GenerationParams): Record<string, unknown> {
  const mapping = MODEL_INPUTS[model.id] ?? {};
  const input: Record<string, unknown> = { [mapping.promptField ?? "prompt"]: prompt, ...mapping.fixed };
  if (mapping.aspect) {
    const aspect = params.aspect ?? aspectsOf(model)[0];
    if (aspect) input[mapping.aspect.field] = spelled(model, "aspect", mapping.aspect.values, aspect);
  }
  if (mapping.size) {
    const size = params.size ?? sizesOf(model)[0];
    if (size) input[mapping.size.field] = size;
  }
  if (mapping.duration) {
    const duration = params.duration ?? durationsOf(model)[0];
    if (duration !== undefined) input[mapping.duration.field] = spelled(model, "duration", mapping.duration.values, duration);
  }
  // Animating a still: the image goes in the field the model's image-to-video endpoint names.
  const imageToVideo = model.options.imageToVideo;
  if (params.image && imageToVideo) {
    input[imageToVideo.imageField] = params.image;
    if (imageToVideo.frameFromImage && mapping.aspect) delete input[mapping.aspect.field];
  }
  return input;
}
