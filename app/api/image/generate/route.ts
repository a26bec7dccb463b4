// POST /api/image/generate: start an image; answers 200 with it when ready within a few seconds, 202 otherwise.
import { startGeneration } from "@/lib/generations/start-generation";
import { ImageRequest, toGenerationRequest } from "@/lib/generations/schema";
import { readIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJson } from "@/lib/http/read-json";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const idempotencyKey = readIdempotencyKey(req);
  const input = ImageRequest.parse(await readJson(req));
  const { status, generation, balance } = await startGeneration(db, user.id, toGenerationRequest(input), { idempotencyKey });
  return Response.json({ generation, balance }, { status });
});
