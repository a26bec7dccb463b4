// POST /api/marketing/generate: a brief in, a validated marketing kit out (4 credits, refunded on failure).
import { withUser } from "@/lib/auth/with-user";
import { readIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJson } from "@/lib/http/read-json";
import { makeMarketingKit } from "@/lib/text/marketing-kit";
import { KitRequest } from "@/lib/text/marketing-kit-schema";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const idempotencyKey = readIdempotencyKey(req);
  const input = KitRequest.parse(await readJson(req));
  return Response.json(await makeMarketingKit(db, user.id, input, { idempotencyKey }));
});
