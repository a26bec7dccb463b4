// The report functions of supabase/migrations, one typed wrapper each: the only code that spells
// their argument names. The figures are counted in SQL (from rollups the generation triggers
// keep); this only carries them across with every number a number.
import { sqlStateOf } from "../sql-state-of";
import { DbError, type Db } from "../types";
import type { GenerationRow } from "./generations";

type Kind = GenerationRow["kind"];

/** A user's production over a period of UTC days, as production_figures counts it. */
export type ProductionFigures = {
  /** First and last day of the period, both included (YYYY-MM-DD). */
  from: string;
  to: string;
  totals: {
    generations: number;
    succeeded: number;
    /** Failed for any reason but the user's cancelling. */
    failed: number;
    /** Cancelled by the user before the provider started (refunded). */
    cancelled: number;
    /** Queued or running. */
    open: number;
    /** succeeded / (succeeded + failed), to 4 decimals; 0 when none finished. Cancelled jobs are not counted. */
    successRate: number;
    /** Credits kept by succeeded generations. */
    creditsSpent: number;
    creditsRefunded: number;
  };
  /** Most generations first, then by kind. */
  byKind: { kind: Kind; generations: number; succeeded: number; failed: number; cancelled: number; creditsSpent: number }[];
  /** Most generations first, then by model. */
  byModel: {
    model: string;
    kind: Kind;
    generations: number;
    succeeded: number;
    failed: number;
    cancelled: number;
    successRate: number;
    creditsSpent: number;
    creditsRefunded: number;
    /** Whole seconds from creation to finish of succeeded generations; null when none succeeded. */
    latencyP50Seconds: number | null;
    latencyP95Seconds: number | null;
  }[];
  /** The five days with most generations, most first, then earliest first. */
  busiestDays: { day: string; generations: number }[];
  /** Every day with any generation, in order. */
  spendTrend: { day: string; creditsSpent: number }[];
};

/** The SQLSTATE production_figures raises for a period that ends before it starts or spans over 366 days. */
export const INVALID_PERIOD_SQLSTATE = "NXR01";

/** A report period the database refused: it ends before it starts, or spans more than 366 days. */
export class InvalidPeriodError extends DbError {
  readonly sqlState = INVALID_PERIOD_SQLSTATE;
  constructor(cause: unknown) {
    super(`invalid report period: ${(cause as Error).message}`, "production_figures", { cause });
    this.name = "InvalidPeriodError";
  }
}

const num = (value: unknown) => Number(value);
const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/**
 * The figures of `userId` for the UTC days `from` to `to` (YYYY-MM-DD, both included). Throws
 * InvalidPeriodError for a period the database refuses.
 */
export async function productionFigures(db: Db, input: { userId: string; from: string; to: string }): Promise<ProductionFigures> {
  let raw: ProductionFigures;
  try {
    raw = await db.rpc<ProductionFigures>("production_figures", { p_user_id: input.userId, p_from: input.from, p_to: input.to });
  } catch (error) {
    if (sqlStateOf(error) === INVALID_PERIOD_SQLSTATE) throw new InvalidPeriodError(error);
    throw error;
  }
  const t = raw.totals;
  return {
    from: raw.from,
    to: raw.to,
    totals: {
      generations: num(t.generations),
      succeeded: num(t.succeeded),
      failed: num(t.failed),
      cancelled: num(t.cancelled),
      open: num(t.open),
      successRate: num(t.successRate),
      creditsSpent: num(t.creditsSpent),
      creditsRefunded: num(t.creditsRefunded),
    },
    byKind: raw.byKind.map((k) => ({
      kind: k.kind,
      generations: num(k.generations),
      succeeded: num(k.succeeded),
      failed: num(k.failed),
      cancelled: num(k.cancelled),
      creditsSpent: num(k.creditsSpent),
    })),
    byModel: raw.byModel.map((m) => ({
      model: m.model,
      kind: m.kind,
      generations: num(m.generations),
      succeeded: num(m.succeeded),
      failed: num(m.failed),
      cancelled: num(m.cancelled),
      successRate: num(m.successRate),
      creditsSpent: num(m.creditsSpent),
      creditsRefunded: num(m.creditsRefunded),
      latencyP50Seconds: numOrNull(m.latencyP50Seconds),
      latencyP95Seconds: numOrNull(m.latencyP95Seconds),
    })),
    busiestDays: raw.busiestDays.map((d) => ({ day: d.day, generations: num(d.generations) })),
    spendTrend: raw.spendTrend.map((d) => ({ day: d.day, creditsSpent: num(d.creditsSpent) })),
  };
}
