// What the three generation routes accept. Options are checked per model against the catalog, so
// the domain and the adapters only ever see a request the model can run.
import { z } from "zod";
import {
  ASPECT_RATIOS,
  aspectsOf,
  CAMERA_MOTIONS,
  durationsOf,
  findModel,
  IMAGE_SIZES,
  modelsOfKind,
  sizesOf,
  successorOf,
  type Model,
  type ModelKind,
} from "@/lib/catalog";
import type { GenerationParams } from "@/lib/providers/types";

/** The longest prompt any model takes; each model's own limit is checked against the catalog. */
export const PROMPT_MAX = 2000;
export const ANCHORS_MAX = 4;
/** A director request carries up to four anchor uploads inline (data: URLs). */
export const DIRECTOR_BODY_LIMIT = 12 * 1024 * 1024;
/** 3 MB of image in base64, with its data: prefix. */
const ANCHOR_MAX_CHARS = Math.ceil((3 * 1024 * 1024) / 3) * 4 + 64;

const prompt = z.string().trim().min(1, "Write a prompt.").max(PROMPT_MAX, `A prompt may be at most ${PROMPT_MAX} characters.`);

/** An offered model of the kind; a retired one is refused with its successor named. */
function modelIdOf(kind: ModelKind) {
  const offered = modelsOfKind(kind).map((m) => m.id);
  return z.string().superRefine((id, ctx) => {
    if (offered.includes(id)) return;
    const model = findModel(id);
    const successor = model?.kind === kind ? successorOf(model) : undefined;
    if (model?.lifecycle.state === "retired" && successor) {
      ctx.addIssue({
        code: "custom",
        message: `${model.name} was retired by its provider on ${model.lifecycle.since}; use ${successor.id} (${successor.name}) instead. Nothing was charged.`,
        params: { successor: successor.id },
      });
      return;
    }
    ctx.addIssue({ code: "custom", message: `Unknown ${kind} model. Choose one of: ${offered.join(", ")}.` });
  });
}

// An uploaded anchor image as a data URL; its bytes are checked (type, size, pixels) in readAnchors.
const anchor = z
  .string()
  .max(ANCHOR_MAX_CHARS, "An anchor image may be at most 3 MB.")
  .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/, "An anchor is an uploaded image: a data:image/png|jpeg|webp;base64 URL.");

const uuid = (what: string) => z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `${what} is an id from this API.`);

type Options = { model: string; prompt: string; size?: string; aspect?: string; duration?: number; imageFrom?: string };

/** Each option checked against what the catalog says the model takes; the 400 says what it does take. */
function checkOptions(input: Options, ctx: z.RefinementCtx) {
  const model = findModel(input.model);
  if (!model || model.lifecycle.state !== "active") return;
  const sizes = sizesOf(model);
  const aspects = aspectsOf(model);
  const durations = durationsOf(model);
  if (input.size !== undefined && !(sizes as readonly string[]).includes(input.size)) {
    const message = sizes.length ? `${model.id} takes size ${sizes.join(", ")}.` : `${model.id} takes an aspect ratio (${aspects.join(", ")}), not a size.`;
    ctx.addIssue({ code: "custom", path: ["size"], message });
  }
  if (input.aspect !== undefined && !(aspects as readonly string[]).includes(input.aspect)) {
    const message = aspects.length ? `${model.id} takes aspect ${aspects.join(", ")}.` : `${model.id} takes a size (${sizes.join(", ")}), not an aspect ratio.`;
    ctx.addIssue({ code: "custom", path: ["aspect"], message });
  }
  if (input.duration !== undefined && !durations.includes(input.duration)) {
    ctx.addIssue({ code: "custom", path: ["duration"], message: `${model.id} makes clips of ${durations.join(" or ")} seconds.` });
  }
  if (input.imageFrom !== undefined && !model.options.imageToVideo) {
    const animators = modelsOfKind("video").filter((m) => m.options.imageToVideo).map((m) => m.id);
    ctx.addIssue({ code: "custom", path: ["imageFrom"], message: `${model.id} cannot animate an image; ${animators.join(", ")} can.` });
  }
  if (input.prompt.length > model.options.promptMax) {
    ctx.addIssue({ code: "custom", path: ["prompt"], message: `${model.id} takes prompts of at most ${model.options.promptMax} characters.` });
  }
}

const size = z.enum(IMAGE_SIZES, { message: `A size is one of ${IMAGE_SIZES.join(", ")}.` });
const aspect = z.enum(ASPECT_RATIOS, { message: `An aspect ratio is one of ${ASPECT_RATIOS.join(", ")}.` });
const duration = z.number({ message: "A duration is a number of seconds." }).int("A duration is a whole number of seconds.");

export const ImageRequest = z
  .object({ model: modelIdOf("image"), prompt, size: size.optional(), aspect: aspect.optional() })
  .strict()
  .superRefine(checkOptions);

export const VideoRequest = z
  .object({ model: modelIdOf("video"), prompt, duration: duration.optional(), aspect: aspect.optional(), imageFrom: uuid("imageFrom").optional() })
  .strict()
  .superRefine(checkOptions);

export const DirectorRequest = z
  .object({
    model: modelIdOf("director").default("higgsfield-soul"),
    prompt,
    anchors: z.array(anchor).min(1, "Add at least one anchor image.").max(ANCHORS_MAX, `At most ${ANCHORS_MAX} anchor images.`).optional(),
    characterId: uuid("characterId").optional(),
    characterName: z.string().trim().min(1, "Name the character.").max(100, "A character's name may be at most 100 characters.").optional(),
    motion: z.enum(CAMERA_MOTIONS),
    duration: duration.optional(),
    aspect: aspect.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.anchors === !input.characterId) {
      ctx.addIssue({ code: "custom", path: ["anchors"], message: "Upload one to four anchor images, or pick a saved character (characterId)." });
    }
    if (input.characterName && !input.anchors) {
      ctx.addIssue({ code: "custom", path: ["characterName"], message: "A name is given to a new character, trained from anchors." });
    }
    checkOptions(input, ctx);
  });

export type ImageRequest = z.infer<typeof ImageRequest>;
export type VideoRequest = z.infer<typeof VideoRequest>;
export type DirectorRequest = z.infer<typeof DirectorRequest>;

/** A validated request of any kind, in the one shape the domain takes. */
export type GenerationRequest = { model: Model; prompt: string; params: GenerationParams };

/**
 * The request in the domain's shape, every option filled with the model's default (its first
 * size or aspect, its shortest clip), so equal requests hash equal.
 */
export function toGenerationRequest(input: ImageRequest | VideoRequest | DirectorRequest): GenerationRequest {
  const model = findModel(input.model)!;
  const params: GenerationParams = {};
  // A fixed key order keeps the idempotency hash of equal requests equal.
  const size = "size" in input ? input.size : undefined;
  if (size) params.size = size;
  else if (!input.aspect && sizesOf(model).length) params.size = sizesOf(model)[0];
  if (input.aspect) params.aspect = input.aspect;
  else if (!params.size && aspectsOf(model).length) params.aspect = aspectsOf(model)[0];
  if (model.kind !== "image") params.duration = ("duration" in input && input.duration) || durationsOf(model)[0];
  if ("imageFrom" in input && input.imageFrom) params.imageFrom = input.imageFrom;
  if ("motion" in input) params.motion = input.motion;
  // The anchors themselves are stored by the route, which adds their keys.
  if ("characterId" in input && input.characterId) params.characterId = input.characterId;
  if ("characterName" in input && input.characterName) params.characterName = input.characterName;
  return { model, prompt: input.prompt, params };
}
