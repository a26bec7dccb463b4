// The marketing assistant: a message in, the answer streamed back as the model writes it. Two
// credits are reserved before the call and refunded once if the model fails before or during the
// answer (a partial answer is kept and marked); a client that leaves after text arrived is charged,
// the upstream call is stopped, and what was written is kept. Regenerating answers the thread's
// last message again, for the same price; every answer is kept, the newest one counts.
import "server-only";
import { z } from "zod";
import { findModel, endpointOf } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import type { GenerationRow } from "@/lib/db/functions/generations";
import { addChatMessage, createChatThread, deleteChatThread, getBrand, getChatThread, type ChatMessage } from "@/lib/db/functions/text";
import { ApiError } from "@/lib/http/api-error";
import { textProviderFor } from "@/lib/providers";
import { ProviderError } from "@/lib/providers/types";
import { brandFacts, describeBrand } from "./brand";
import { conversationTurns } from "./conversation";
import { completeText, markAnswering, refundedError, refundText, reserveText, textFailure } from "./reserve-text";
import { errorFields, logger } from "@/lib/log/logger";

/**
 * A new message, or `regenerate: true` to answer a thread's last message again: charged like a
 * message, the question is not asked twice, and the new answer is kept after the earlier ones.
 */
export const AssistantRequest = z
  .object({
    threadId: z.string().uuid("threadId is the id of one of your threads.").optional(),
    message: z.string().trim().min(1, "Write a message.").max(4000, "A message may be at most 4000 characters.").optional(),
    regenerate: z.boolean().optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.regenerate && input.message === undefined) ctx.addIssue({ code: "custom", path: ["message"], message: "Write a message." });
    if (input.regenerate && input.message !== undefined) ctx.addIssue({ code: "custom", path: ["message"], message: "Send a new message or regenerate the last answer, not both." });
    if (input.regenerate && !input.threadId) ctx.addIssue({ code: "custom", path: ["threadId"], message: "Regenerating needs the thread whose last answer to write again." });
  });
export type AssistantRequest = z.infer<typeof AssistantRequest>;

/** One line of the answer stream (NDJSON): start, the text as it comes, then done or error. */
export type AssistantEvent =
  | { type: "start"; threadId: string; generationId: string; balance: number }
  | { type: "delta"; text: string }
  | { type: "done"; messageId: number; balance: number }
  | { type: "error"; code: string; message: string; refunded: boolean; balance: number | null };

const MESSAGES_OF_CONTEXT = 60;
const model = findModel("assistant")!;

function systemPrompt(brand: string): string {
  return [
    "You are Nexora's marketing assistant: a senior strategist at a small, sharp marketing agency working for the brand below.",
    "Give concrete, ready-to-use answers: campaign ideas, hooks, captions, posting plans, prompts for images and video.",
    "Match the brand's voice. Be brief by default, use short lists, and ask one question when something essential is missing.",
    "Never invent facts about the brand, its prices or its results.",
    "",
    brand,
  ].join("\n");
}

const encoder = new TextEncoder();
const line = (event: AssistantEvent) => encoder.encode(`${JSON.stringify(event)}\n`);

/**
 * Answers a message in a thread of the user's (a new thread without `threadId`), or the thread's
 * last message again (`regenerate`). Refusals and a failure before the first piece of text throw
 * (nothing is streamed, and a reservation is refunded); afterwards the answer is a stream of
 * AssistantEvent lines.
 */
export async function askAssistant(
  db: Db,
  userId: string,
  input: AssistantRequest,
  options: { signal?: AbortSignal; idempotencyKey?: string } = {},
): Promise<ReadableStream<Uint8Array>> {
  const provider = textProviderFor(model);
  const found = input.threadId ? await getChatThread(db, userId, input.threadId, MESSAGES_OF_CONTEXT) : null;
  if (input.threadId && !found) throw new ApiError("not_found", "No such thread.");
  const { message, history } = input.regenerate ? lastQuestionOf(found!.messages) : { message: input.message!, history: found?.messages ?? [] };

  // A new thread is opened first so the reservation can name it, and closed again if refused.
  const thread = found?.thread ?? (await createChatThread(db, userId, message.slice(0, 60)));
  const dropNewThread = () => (found ? Promise.resolve(false) : deleteChatThread(db, userId, thread.id));
  let reserved;
  try {
    reserved = await reserveText(db, userId, {
      model,
      provider: provider.id,
      prompt: message,
      params: { threadId: thread.id, ...(input.regenerate ? { regenerate: true } : {}) },
      idempotencyKey: options.idempotencyKey,
      request: input,
    });
  } catch (error) {
    await dropNewThread();
    throw error;
  }
  if (reserved.code === "existing") {
    await dropNewThread();
    return replay(db, userId, reserved.generation, reserved.balance);
  }
  const { generation } = reserved;
  if (!input.regenerate) await addChatMessage(db, { userId, threadId: thread.id, role: "user", content: message, generationId: generation.id });
  await markAnswering(db, generation, provider.id);

  const upstream = new AbortController();
  const brand = brandFacts(await getBrand(db, userId));
  const pieces = provider.stream({
    model,
    endpoint: endpointOf(model),
    system: systemPrompt(describeBrand(brand)),
    turns: conversationTurns(history, message),
    signal: upstream.signal,
    facts: { use: "assistant", brand, message },
  })[Symbol.asyncIterator]();

  // The first piece is awaited before anything is answered, so a model that fails at once is a
  // plain 502 with the refund, not a stream that opens only to say it failed.
  let first: IteratorResult<string>;
  try {
    first = await pieces.next();
    if (first.done) throw new ProviderError({ kind: "empty_output", message: "The model answered nothing" });
  } catch (error) {
    upstream.abort();
    const failure = textFailure(error instanceof ProviderError ? error.failure : { kind: "http" });
    logger.warn({ generationId: generation.id, provider: provider.id, ...errorFields(error) }, "assistant failed before its first piece");
    const balance = await refundText(db, generation, failure);
    throw refundedError(failure, balance, { threadId: thread.id });
  }

  let text = first.value;
  let ended = false;
  /** Ends the answer once, however it ends: kept whole, kept partial and refunded, or kept as far as the client read. */
  const end = async (how: "complete" | "failed" | "interrupted", error?: unknown): Promise<AssistantEvent> => {
    ended = true;
    if (how === "failed") {
      const failure = textFailure(error instanceof ProviderError ? error.failure : { kind: "http" });
      logger.warn({ generationId: generation.id, provider: provider.id, ...errorFields(error) }, "assistant stream broke off");
      await addChatMessage(db, { userId, threadId: thread.id, role: "assistant", content: text, generationId: generation.id, status: "partial" });
      const balance = await refundText(db, generation, failure);
      return { type: "error", code: failure.code, message: failure.message, refunded: true, balance };
    }
    const saved = await addChatMessage(db, { userId, threadId: thread.id, role: "assistant", content: text, generationId: generation.id, status: how });
    await completeText(db, generation, { outcome: how });
    return { type: "done", messageId: saved?.id ?? 0, balance: reserved.balance };
  };

  const onClientGone = () => {
    if (ended) return;
    upstream.abort();
    void end("interrupted").catch((error) => logger.error({ generationId: generation.id, ...errorFields(error) }, "keeping an interrupted answer failed"));
  };
  options.signal?.addEventListener("abort", onClientGone, { once: true });

  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(line({ type: "start", threadId: thread.id, generationId: generation.id, balance: reserved.balance }));
      controller.enqueue(line({ type: "delta", text: first.value }));
    },
    async pull(controller) {
      if (ended) return;
      try {
        const next = await pieces.next();
        if (ended) return;
        if (next.done) {
          controller.enqueue(line(await end("complete")));
          controller.close();
        } else {
          text += next.value;
          controller.enqueue(line({ type: "delta", text: next.value }));
        }
      } catch (error) {
        if (ended || upstream.signal.aborted) return;
        controller.enqueue(line(await end("failed", error)));
        controller.close();
      }
    },
    cancel() {
      onClientGone();
    },
  });
}

/** The thread's last question and what came before it, for an answer written again. */
function lastQuestionOf(messages: readonly ChatMessage[]): { message: string; history: ChatMessage[] } {
  const at = messages.findLastIndex((m) => m.role === "user");
  if (at < 0) throw new ApiError("invalid_request", "This thread has no message to answer again.");
  return { message: messages[at]!.content, history: messages.slice(0, at) };
}

/** The answer to a request already made with this Idempotency-Key: what it produced, as one stream. */
async function replay(db: Db, userId: string, generation: GenerationRow, balance: number): Promise<ReadableStream<Uint8Array>> {
  if (generation.status === "queued" || generation.status === "running") {
    throw new ApiError("conflict", "This message is still being answered.", { generationId: generation.id });
  }
  const { threadId } = generation.params as { threadId?: string };
  const found = threadId ? await getChatThread(db, userId, threadId, 1000) : null;
  const answer = found?.messages.find((m) => m.generation_id === generation.id && m.role === "assistant");
  const events: AssistantEvent[] = [{ type: "start", threadId: found?.thread.id ?? "", generationId: generation.id, balance }];
  if (answer?.content) events.push({ type: "delta", text: answer.content });
  events.push(
    generation.status === "succeeded"
      ? { type: "done", messageId: answer?.id ?? 0, balance }
      : { type: "error", code: generation.error?.code ?? "http", message: generation.error?.message ?? "The answer failed.", refunded: generation.refunded, balance },
  );
  return new ReadableStream({
    start(controller) {
      for (const event of events) controller.enqueue(line(event));
      controller.close();
    },
  });
}
