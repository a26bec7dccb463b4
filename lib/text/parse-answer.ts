// A JSON-mode answer read and checked: the value when it parses and validates, otherwise what is
// wrong with it, in words the model can act on when it is asked again.
import type { z } from "zod";

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export function parseAnswer<T>(answer: string, schema: z.ZodType<T>): Parsed<T> {
  let json: unknown;
  try {
    // Some models wrap JSON in a Markdown fence even in JSON mode.
    json = JSON.parse(answer.trim().replace(/^```(?:json)?\s*|\s*```$/g, ""));
  } catch {
    return { ok: false, problem: "it is not valid JSON" };
  }
  const checked = schema.safeParse(json);
  if (checked.success) return { ok: true, value: checked.data };
  return {
    ok: false,
    problem: checked.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "the answer"}: ${i.message}`).join("; "),
  };
}
