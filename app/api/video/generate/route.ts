// POST /api/video/generate: start a video job, from a prompt or by animating one of the user's own
// images (`imageFrom`); answers 202 with the generation at once.
import { withUser } from "@/lib/auth/with-user";
import { animateSourceUrl } from "@/lib/generations/animate-source";
import { startGeneration } from "@/lib/generations/start-generation";
import { toGenerationRequest, VideoRequest } from "@/lib/generations/schema";
import { readIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const idempotencyKey = readIdempotencyKey(req);
  const input = VideoRequest.parse(await readJson(req));
  const inputImage = input.imageFrom ? await animateSourceUrl(db, user.id, input.imageFrom) : undefined;
  const { status, generation, balance } = await startGeneration(db, user.id, toGenerationRequest(input), { idempotencyKey, inputImage });
  return Response.json({ generation, balance }, { status });
});
