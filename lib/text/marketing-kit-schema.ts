// The marketing kit's shape: the zod schema that validates a model's answer and the JSON Schema
// the model is asked to follow are one definition, per the channels a brief asks for.
import { z } from "zod";
import { KIT_LIMITS, MARKETING_CHANNEL_IDS, MARKETING_CHANNELS, type MarketingChannel } from "@/lib/catalog";

const text = (max: number) => z.string().trim().min(1).max(max);
const hashtag = text(KIT_LIMITS.hashtagMax).refine((tag) => /^#[\p{L}\p{N}_]+$/u.test(tag), "A hashtag is # and letters, digits or _.");

export function kitSchema(channels: readonly MarketingChannel[]) {
  return z.strictObject({
    headline: text(KIT_LIMITS.headlineMax),
    captions: z.strictObject(Object.fromEntries(channels.map((c) => [c, text(MARKETING_CHANNELS[c].captionMax)])) as Record<MarketingChannel, z.ZodString>),
    hashtags: z.array(hashtag).min(1).max(KIT_LIMITS.hashtagsMax),
    email: z.strictObject({ subject: text(KIT_LIMITS.emailSubjectMax), body: text(KIT_LIMITS.emailBodyMax) }),
    callToAction: text(KIT_LIMITS.callToActionMax),
  });
}

export type MarketingKit = {
  headline: string;
  captions: Partial<Record<MarketingChannel, string>>;
  hashtags: string[];
  email: { subject: string; body: string };
  callToAction: string;
};

/** The JSON Schema the model answers to (standard JSON Schema, every field required, nothing else allowed). */
export function kitJsonSchema(channels: readonly MarketingChannel[]): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(kitSchema(channels)) as Record<string, unknown>;
  return schema;
}

export const KitRequest = z
  .object({
    brief: z.string().trim().min(1, "Write a brief.").max(2000, "A brief may be at most 2000 characters."),
    channels: z
      .array(z.enum(MARKETING_CHANNEL_IDS as [MarketingChannel, ...MarketingChannel[]]))
      .min(1, "Pick at least one channel.")
      .refine((list) => new Set(list).size === list.length, "Each channel once."),
    tone: z.string().trim().min(1).max(40).default("confident"),
    generationId: z.string().uuid("generationId is the id of one of your generations.").optional(),
  })
  .strict();
export type KitRequest = z.infer<typeof KitRequest>;
