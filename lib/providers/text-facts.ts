// What a text request was written from, carried beside its prompt: real providers read only the
// prompt; the demo text provider builds its marked template answers from these facts.
import type { MarketingChannel } from "@/lib/catalog";

export type BrandFacts = { name: string; offer: string; audience: string; voice: string; links: string[] };

/** The production figures a report is written around, as far as the demo reads them. */
export type FigureFacts = {
  from: string;
  to: string;
  totals: { generations: number; succeeded: number; failed: number; cancelled: number; successRate: number; creditsSpent: number; creditsRefunded: number };
  byModel: { model: string; generations: number; successRate: number }[];
  busiestDays: { day: string; generations: number }[];
};

export type TextFacts =
  | { use: "assistant"; brand: BrandFacts; message: string }
  | {
      use: "marketing-kit";
      brand: BrandFacts;
      brief: string;
      channels: MarketingChannel[];
      tone: string;
      source?: { kind: string; prompt: string; modelName: string };
    }
  | { use: "production-report"; figures: FigureFacts };
