// A marketing kit as /api/marketing/kits answers with it.
import type { MarketingChannel } from "@/lib/catalog";
import type { MarketingKit } from "@/lib/text/marketing-kit-schema";

export type KitRow = {
  id: string;
  brief: string;
  channels: MarketingChannel[];
  tone: string;
  kit: MarketingKit;
  created_at: string;
};

export type ApiErrorBody = { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
