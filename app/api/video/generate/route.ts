// POST /api/video/generate: start a video job; answers 202 with the generation at once.
import { startGeneration } from "@/lib/generations/start-generation";
import { toGenerationRequest, VideoRequest } from "@/lib/generations/schema";
import { readIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJson } from "@/lib/http/read-json";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const idempotencyKey = readIdempotencyKey(req);
  const input = VideoRequest.parse(await readJson(req));
  const { status, generation, balance } = await startGeneration(db, user.id, toGenerationRequest(input), { idempotencyKey });
  return Response.json({ generation, balance }, { status });
});
