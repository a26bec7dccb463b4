import { z } from "zod";

/** The embedded default's local sign-in: an email, and a name to show. */
export const SignIn = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(100).optional(),
});
