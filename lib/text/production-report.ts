// Production reports: the figures come from one SQL function over the user's own history; the
// model writes only the narrative and recommendations around them, and a narrative that uses a
// number not in the figures is asked for again. Gemini writes it, OpenAI when Gemini fails.
// A period without activity is answered from the figures alone: no model call, no charge.
import "server-only";
import { z } from "zod";
import { endpointOf, findModel } from "@/lib/catalog";
import type { Db } from "@/lib/db";
import type { GenerationRow } from "@/lib/db/functions/generations";
import { InvalidPeriodError, productionFigures, type ProductionFigures } from "@/lib/db/functions/reports";
import { getReport, listReports, saveReport, type ReportRow } from "@/lib/db/functions/text";
import { ApiError } from "@/lib/http/api-error";
import { fallbackTextProviderFor, textProviderFor } from "@/lib/providers";
import type { ChatTurn, TextProvider, TextRequest } from "@/lib/providers/text-types";
import { ProviderError } from "@/lib/providers/types";
import { parseAnswer } from "./parse-answer";
import { inventedNumbers } from "./report-numbers";
import { completeText, markAnswering, refundedError, refundText, reserveText, textFailure } from "./reserve-text";
import { errorFields, logger } from "@/lib/log/logger";

const model = findModel("production-report")!;
const MAX_DAYS = 366;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date is YYYY-MM-DD.").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Not a real date.");
export const ReportRequest = z
  .object({ from: day, to: day })
  .strict()
  .refine((r) => r.to >= r.from, { path: ["to"], message: "The period ends before it starts." })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < MAX_DAYS, { path: ["to"], message: `A report covers at most ${MAX_DAYS} days.` });
export type ReportRequest = z.infer<typeof ReportRequest>;

const Narrative = z.strictObject({
  narrative: z.string().trim().min(1).max(4000),
  recommendations: z.array(z.string().trim().min(1).max(400)).min(1).max(5),
});
type Narrative = z.infer<typeof Narrative>;
const NARRATIVE_SCHEMA = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(Narrative) as Record<string, unknown>;
  return schema;
})();

const SYSTEM = [
  "You are the analyst of a creative studio. Write a short production report for the user from the figures you are given.",
  "Use only numbers that appear in the figures (rates may be written as percentages); never estimate, extrapolate or invent a number.",
  "Cancelled jobs were stopped by the user before they ran: they are not failures, and the success rate leaves them out.",
  "Write the narrative as two or three short paragraphs, then two to four concrete recommendations.",
  "Answer as JSON: {\"narrative\": string, \"recommendations\": string[]}.",
].join("\n");

export type ReportAnswer =
  | { report: ReportRow; balance: number }
  | { report: null; figures: ProductionFigures; message: string };

/** Asks for the narrative, and once more when it does not validate or uses a number not in the figures. */
async function writeNarrative(provider: TextProvider, request: TextRequest, figures: ProductionFigures): Promise<Narrative | null> {
  let turns: ChatTurn[] = request.turns;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const answer = await provider.complete({ ...request, turns });
    const parsed = parseAnswer(answer, Narrative);
    let problem = parsed.ok ? "" : parsed.problem;
    if (parsed.ok) {
      const invented = inventedNumbers(`${parsed.value.narrative}\n${parsed.value.recommendations.join("\n")}`, figures);
      if (invented.length === 0) return parsed.value;
      problem = `it uses numbers that are not in the figures (${invented.slice(0, 5).join(", ")})`;
    }
    logger.warn({ provider: provider.id, attempt, problem }, "report answer refused");
    turns = [...request.turns, { role: "assistant", text: answer }, { role: "user", text: `That answer cannot be used: ${problem}. Answer again.` }];
  }
  return null;
}

export async function makeProductionReport(
  db: Db,
  userId: string,
  input: ReportRequest,
  options: { idempotencyKey?: string } = {},
): Promise<ReportAnswer> {
  let figures: ProductionFigures;
  try {
    figures = await productionFigures(db, { userId, from: input.from, to: input.to });
  } catch (error) {
    if (error instanceof InvalidPeriodError) throw new ApiError("invalid_request", "A report covers one to 366 days, ending on or after its start.");
    throw error;
  }
  if (figures.totals.generations === 0) {
    return { report: null, figures, message: `Nothing was made between ${input.from} and ${input.to}: there is nothing to report, and nothing was charged.` };
  }

  const primary = textProviderFor(model);
  const reserved = await reserveText(db, userId, {
    model,
    provider: primary.id,
    prompt: `Production report ${input.from} to ${input.to}`,
    params: { from: input.from, to: input.to },
    idempotencyKey: options.idempotencyKey,
    request: input,
  });
  if (reserved.code === "existing") return { report: await reportOf(db, userId, reserved.generation), balance: reserved.balance };
  const { generation } = reserved;
  await markAnswering(db, generation, primary.id);

  const request: Omit<TextRequest, "endpoint"> = {
    model,
    system: SYSTEM,
    turns: [{ role: "user", text: `The figures, as JSON:\n${JSON.stringify(figures)}` }],
    json: { name: "production_report", schema: NARRATIVE_SCHEMA },
    facts: { use: "production-report", figures },
  };
  const writers = [{ provider: primary, endpoint: endpointOf(model) }, ...[fallbackTextProviderFor(model)].filter((w) => w !== null)];
  let written: { narrative: Narrative; provider: string } | null = null;
  let lastFailure = textFailure({ kind: "invented_figures" });
  for (const writer of writers) {
    try {
      const narrative = await writeNarrative(writer.provider, { ...request, endpoint: writer.endpoint }, figures);
      if (narrative) {
        written = { narrative, provider: writer.provider.id };
        break;
      }
      lastFailure = textFailure({ kind: "invented_figures" });
    } catch (error) {
      logger.warn({ generationId: generation.id, provider: writer.provider.id, ...errorFields(error) }, "report writer failed");
      lastFailure = textFailure(error instanceof ProviderError ? error.failure : { kind: "http" });
    }
  }
  if (!written) throw refundedError(lastFailure, await refundText(db, generation, lastFailure));

  const report = await saveReport(db, {
    userId,
    from: input.from,
    to: input.to,
    figures,
    narrative: written.narrative.narrative,
    recommendations: written.narrative.recommendations,
    provider: written.provider,
    generationId: generation.id,
  });
  await completeText(db, generation, { writer: written.provider });
  return { report, balance: reserved.balance };
}

/** The report a request already made with this Idempotency-Key produced. */
async function reportOf(db: Db, userId: string, generation: GenerationRow): Promise<ReportRow> {
  if (generation.status === "queued" || generation.status === "running") {
    throw new ApiError("conflict", "This report is still being written.", { generationId: generation.id });
  }
  const summary = generation.status === "succeeded" ? (await listReports(db, userId, 200)).find((r) => r.generation_id === generation.id) : undefined;
  const report = summary && (await getReport(db, userId, summary.id));
  if (!report) throw refundedError({ code: generation.error?.code ?? "http", message: generation.error?.message ?? "This report failed." }, null);
  return report;
}
