import { z } from "zod";

/** The largest adjustment one request may make, either way. */
export const MAX_ADJUSTMENT = 100_000;

export const AdjustCreditsRequest = z
  .object({
    delta: z
      .number({ error: "delta must be a whole number of credits" })
      .int("delta must be a whole number of credits")
      .min(-MAX_ADJUSTMENT, `delta must be at least -${MAX_ADJUSTMENT}`)
      .max(MAX_ADJUSTMENT, `delta must be at most ${MAX_ADJUSTMENT}`)
      .refine((delta) => delta !== 0, "delta must not be zero"),
    reason: z
      .string({ error: "a reason is required" })
      .trim()
      .min(3, "a reason of at least 3 characters is required")
      .max(200, "the reason may be at most 200 characters"),
  })
  .strict();
export type AdjustCreditsRequest = z.infer<typeof AdjustCreditsRequest>;

export const UsersQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type UsersQuery = z.infer<typeof UsersQuery>;
