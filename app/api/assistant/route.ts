// POST /api/assistant: a message to the marketing assistant; the answer streams back as NDJSON lines.
import { withUser } from "@/lib/auth/with-user";
import { readIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJson } from "@/lib/http/read-json";
import { AssistantRequest, askAssistant } from "@/lib/text/assistant";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const idempotencyKey = readIdempotencyKey(req);
  const input = AssistantRequest.parse(await readJson(req));
  const stream = await askAssistant(db, user.id, input, { signal: req.signal, idempotencyKey });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
});
