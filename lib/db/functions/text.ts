// The text-work functions of supabase/migrations (brand profiles, chat threads, marketing kits,
// reports), one typed wrapper each: the only code that spells their argument names.
import type { Db } from "../types";

export type BrandProfile = { name: string; offer: string; audience: string; voice: string; links: string[]; updated_at: string | null };

export function getBrand(db: Db, userId: string) {
  return db.rpc<BrandProfile>("get_brand", { p_user_id: userId });
}

export function putBrand(db: Db, userId: string, brand: Omit<BrandProfile, "updated_at">) {
  return db.rpc<BrandProfile>("put_brand", {
    p_user_id: userId,
    p_name: brand.name,
    p_offer: brand.offer,
    p_audience: brand.audience,
    p_voice: brand.voice,
    p_links: brand.links,
  });
}

export type ChatThread = { id: string; title: string; created_at: string; updated_at: string };
export type MessageStatus = "complete" | "partial" | "interrupted";
export type ChatMessage = {
  id: number;
  role: "user" | "assistant";
  content: string;
  status: MessageStatus;
  generation_id: string | null;
  created_at: string;
};

export function createChatThread(db: Db, userId: string, title: string) {
  return db.rpc<ChatThread>("create_chat_thread", { p_user_id: userId, p_title: title });
}

export async function listChatThreads(db: Db, userId: string, limit = 50): Promise<ChatThread[]> {
  return (await db.rpc<{ items: ChatThread[] }>("list_chat_threads", { p_user_id: userId, p_limit: limit })).items;
}

/** A thread of the user's with its newest `messageLimit` messages, oldest first; null for anyone else's. */
export async function getChatThread(db: Db, userId: string, id: string, messageLimit = 200) {
  const found = await db.rpc<{ thread: ChatThread; messages: ChatMessage[] } | null>("get_chat_thread", {
    p_user_id: userId,
    p_id: id,
    p_message_limit: messageLimit,
  });
  return found && { thread: found.thread, messages: found.messages.map((m) => ({ ...m, id: Number(m.id) })) };
}

export function renameChatThread(db: Db, userId: string, id: string, title: string) {
  return db.rpc<ChatThread | null>("rename_chat_thread", { p_user_id: userId, p_id: id, p_title: title });
}

export async function deleteChatThread(db: Db, userId: string, id: string): Promise<boolean> {
  return (await db.rpc<{ deleted: boolean }>("delete_chat_thread", { p_user_id: userId, p_id: id })).deleted;
}

/** Appends a message; null when the thread is not the user's. */
export async function addChatMessage(
  db: Db,
  input: { userId: string; threadId: string; role: ChatMessage["role"]; content: string; generationId?: string; status?: MessageStatus },
): Promise<ChatMessage | null> {
  const message = await db.rpc<ChatMessage | null>("add_chat_message", {
    p_user_id: input.userId,
    p_thread_id: input.threadId,
    p_role: input.role,
    p_content: input.content,
    p_generation_id: input.generationId ?? null,
    p_status: input.status ?? "complete",
  });
  return message && { ...message, id: Number(message.id) };
}

export type MarketingKitRow = {
  id: string;
  brief: string;
  channels: string[];
  tone: string;
  source_generation_id: string | null;
  kit: Record<string, unknown>;
  generation_id: string | null;
  created_at: string;
};

export function saveMarketingKit(
  db: Db,
  input: { userId: string; brief: string; channels: string[]; tone: string; sourceGenerationId?: string; kit: unknown; generationId: string },
) {
  return db.rpc<MarketingKitRow>("save_marketing_kit", {
    p_user_id: input.userId,
    p_brief: input.brief,
    p_channels: input.channels,
    p_tone: input.tone,
    p_source_generation_id: input.sourceGenerationId ?? null,
    p_kit: input.kit,
    p_generation_id: input.generationId,
  });
}

export async function listMarketingKits(db: Db, userId: string, limit = 50): Promise<MarketingKitRow[]> {
  return (await db.rpc<{ items: MarketingKitRow[] }>("list_marketing_kits", { p_user_id: userId, p_limit: limit })).items;
}

export function getMarketingKit(db: Db, userId: string, id: string) {
  return db.rpc<MarketingKitRow | null>("get_marketing_kit", { p_user_id: userId, p_id: id });
}

export type ReportRow = {
  id: string;
  period_from: string;
  period_to: string;
  figures: Record<string, unknown>;
  narrative: string;
  recommendations: string[];
  provider: string | null;
  generation_id: string | null;
  created_at: string;
};
export type ReportSummary = Pick<ReportRow, "id" | "period_from" | "period_to" | "provider" | "generation_id" | "created_at">;

export function saveReport(
  db: Db,
  input: { userId: string; from: string; to: string; figures: unknown; narrative: string; recommendations: string[]; provider: string; generationId: string },
) {
  return db.rpc<ReportRow>("save_report", {
    p_user_id: input.userId,
    p_from: input.from,
    p_to: input.to,
    p_figures: input.figures,
    p_narrative: input.narrative,
    p_recommendations: input.recommendations,
    p_provider: input.provider,
    p_generation_id: input.generationId,
  });
}

export async function listReports(db: Db, userId: string, limit = 50): Promise<ReportSummary[]> {
  return (await db.rpc<{ items: ReportSummary[] }>("list_reports", { p_user_id: userId, p_limit: limit })).items;
}

export function getReport(db: Db, userId: string, id: string) {
  return db.rpc<ReportRow | null>("get_report", { p_user_id: userId, p_id: id });
}
