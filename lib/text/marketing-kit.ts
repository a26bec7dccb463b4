// Marketing kits: a brief in, a validated kit out (headline, a caption per channel within its
// limit, hashtags, an email, a call to action), written in JSON mode to one schema and checked
// with the same schema. An invalid answer gets one retry; a second one is refunded.
import "server-only";
import { endpointOf, findModel, MARKETING_CHANNELS } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import type { GenerationRow } from "@/lib/db/functions/generations";
import { getBrand, listMarketingKits, saveMarketingKit, type MarketingKitRow } from "@/lib/db/functions/text";
import { getGenerationRowOrThrow } from "@/lib/generations/get-generation";
import { ApiError } from "@/lib/http/api-error";
import { textProviderFor } from "@/lib/providers";
import type { ChatTurn, TextProvider, TextRequest } from "@/lib/providers/text-types";
import { ProviderError } from "@/lib/providers/types";
import { brandFacts, describeBrand } from "./brand";
import { kitJsonSchema, kitSchema, type KitRequest, type MarketingKit } from "./marketing-kit-schema";
import { parseAnswer } from "./parse-answer";
import { completeText, markAnswering, refundedError, refundText, reserveText, textFailure } from "./reserve-text";
import { errorFields, logger } from "@/lib/log/logger";

const model = findModel("marketing-kit")!;

type Source = { kind: string; prompt: string; modelName: string };

/** One of the user's own finished images or videos, to write the kit around. */
async function sourceOf(db: Db, userId: string, generationId: string): Promise<Source> {
  const row = await getGenerationRowOrThrow(db, userId, generationId);
  if (row.status !== "succeeded" || !["image", "video", "director"].includes(row.kind)) {
    throw new ApiError("invalid_request", "A kit can be written around a finished image or video of yours.", { generationId });
  }
  return { kind: row.kind === "image" ? "image" : "video", prompt: row.prompt, modelName: findModel(row.model)?.name ?? row.model };
}

function instructions(input: KitRequest, source?: Source): string {
  const limits = input.channels.map((c) => `${MARKETING_CHANNELS[c].name} (${c}): at most ${MARKETING_CHANNELS[c].captionMax} characters`).join("; ");
  return [
    `Brief: ${input.brief}`,
    `Tone: ${input.tone}`,
    `Channels and caption limits: ${limits}.`,
    source ? `Write it around the user's own ${source.kind}, made from the prompt "${source.prompt}" with ${source.modelName}.` : "",
    "Answer with the kit as JSON following the schema: a headline, one caption per channel, hashtags, an email subject and body, and one call to action.",
  ].filter(Boolean).join("\n");
}

const SYSTEM = "You are the copywriter of a marketing agency. Write a complete campaign kit for the brand below, in its voice, and never invent facts, prices or results about it.";

/** Asks for the kit, and once more with the problems named when the answer does not validate. */
async function writeKit(provider: TextProvider, request: TextRequest, channels: KitRequest["channels"]): Promise<MarketingKit | null> {
  const schema = kitSchema(channels);
  let turns: ChatTurn[] = request.turns;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const answer = await provider.complete({ ...request, turns });
    const parsed = parseAnswer(answer, schema);
    if (parsed.ok) return parsed.value as MarketingKit;
    logger.warn({ provider: provider.id, attempt, problem: parsed.problem }, "kit answer did not validate");
    turns = [...request.turns, { role: "assistant", text: answer }, { role: "user", text: `That answer is not valid: ${parsed.problem}. Answer again with JSON that follows the schema.` }];
  }
  return null;
}

export async function makeMarketingKit(
  db: Db,
  userId: string,
  input: KitRequest,
  options: { idempotencyKey?: string } = {},
): Promise<{ kit: MarketingKitRow; balance: number }> {
  const provider = textProviderFor(model);
  const source = input.generationId ? await sourceOf(db, userId, input.generationId) : undefined;
  const reserved = await reserveText(db, userId, {
    model,
    provider: provider.id,
    prompt: input.brief,
    params: { channels: input.channels, tone: input.tone, ...(input.generationId ? { generationId: input.generationId } : {}) },
    idempotencyKey: options.idempotencyKey,
    request: input,
  });
  if (reserved.code === "existing") return { kit: await kitOf(db, userId, reserved.generation), balance: reserved.balance };
  const { generation } = reserved;
  await markAnswering(db, generation, provider.id);

  const brand = brandFacts(await getBrand(db, userId));
  const request: TextRequest = {
    model,
    endpoint: endpointOf(model),
    system: `${SYSTEM}\n\n${describeBrand(brand)}`,
    turns: [{ role: "user", text: instructions(input, source) }],
    json: { name: "marketing_kit", schema: kitJsonSchema(input.channels) },
    facts: { use: "marketing-kit", brand, brief: input.brief, channels: input.channels, tone: input.tone, source },
  };
  let kit: MarketingKit | null;
  try {
    kit = await writeKit(provider, request, input.channels);
  } catch (error) {
    logger.warn({ generationId: generation.id, provider: provider.id, ...errorFields(error) }, "kit writer failed");
    const failure = textFailure(error instanceof ProviderError ? error.failure : { kind: "http" });
    throw refundedError(failure, await refundText(db, generation, failure));
  }
  if (!kit) {
    const failure = textFailure({ kind: "invalid_output" });
    throw refundedError(failure, await refundText(db, generation, failure));
  }
  const row = await saveMarketingKit(db, {
    userId,
    brief: input.brief,
    channels: input.channels,
    tone: input.tone,
    sourceGenerationId: input.generationId,
    kit,
    generationId: generation.id,
  });
  await completeText(db, generation);
  return { kit: row, balance: reserved.balance };
}

/** The kit a request already made with this Idempotency-Key produced. */
async function kitOf(db: Db, userId: string, generation: GenerationRow): Promise<MarketingKitRow> {
  if (generation.status === "queued" || generation.status === "running") {
    throw new ApiError("conflict", "This kit is still being written.", { generationId: generation.id });
  }
  const kit = generation.status === "succeeded" ? (await listMarketingKits(db, userId, 200)).find((k) => k.generation_id === generation.id) : undefined;
  if (!kit) throw refundedError({ code: generation.error?.code ?? "http", message: generation.error?.message ?? "This kit failed." }, null);
  return kit;
}
