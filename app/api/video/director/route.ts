// POST /api/video/director: start a Director shot (character, keyframe, shot) from uploaded anchor
// images or a saved character, and a camera motion; 202 at once.
import { withUser } from "@/lib/auth/with-user";
import { toDirectorRequest } from "@/lib/director/director-request";
import { DIRECTOR_BODY_LIMIT, DirectorRequest } from "@/lib/generations/schema";
import { startGeneration } from "@/lib/generations/start-generation";
import { readIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const idempotencyKey = readIdempotencyKey(req);
  const input = DirectorRequest.parse(await readJson(req, DIRECTOR_BODY_LIMIT));
  const { request, anchors } = await toDirectorRequest(db, user.id, input);
  const { status, generation, balance } = await startGeneration(db, user.id, request, { idempotencyKey, anchors });
  return Response.json({ generation, balance }, { status });
});
