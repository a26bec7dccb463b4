// POST /api/video/director: start a Director (Higgsfield Soul) shot from anchor images and a camera motion; 202 at once.
import { startGeneration } from "@/lib/generations/start-generation";
import { DIRECTOR_BODY_LIMIT, DirectorRequest, toGenerationRequest } from "@/lib/generations/schema";
import { readIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJson } from "@/lib/http/read-json";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const idempotencyKey = readIdempotencyKey(req);
  const input = DirectorRequest.parse(await readJson(req, DIRECTOR_BODY_LIMIT));
  const { status, generation, balance } = await startGeneration(db, user.id, toGenerationRequest(input), { idempotencyKey });
  return Response.json({ generation, balance }, { status });
});
