// The shapes /api/reports answers with, as this page reads them off the wire. A report written
// before cancellations were counted apart has no `cancelled` (its cancellations are in `failed`).

export type Figures = {
  from: string;
  to: string;
  totals: { generations: number; succeeded: number; failed: number; cancelled?: number; open: number; successRate: number; creditsSpent: number; creditsRefunded: number };
  byKind: { kind: string; generations: number; succeeded: number; failed: number; cancelled?: number; creditsSpent: number }[];
  byModel: {
    model: string;
    kind: string;
    generations: number;
    succeeded: number;
    failed: number;
    cancelled?: number;
    successRate: number;
    creditsSpent: number;
    creditsRefunded: number;
    latencyP50Seconds: number | null;
    latencyP95Seconds: number | null;
  }[];
  busiestDays: { day: string; generations: number }[];
  spendTrend: { day: string; creditsSpent: number }[];
};

export type Report = {
  id: string;
  period_from: string;
  period_to: string;
  figures: Figures;
  narrative: string;
  recommendations: string[];
  provider: string | null;
  created_at: string;
};

export type ReportSummary = Pick<Report, "id" | "period_from" | "period_to" | "provider" | "created_at">;

export type ApiErrorBody = { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
