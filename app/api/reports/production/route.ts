// POST /api/reports/production: a production report over { from, to } (5 credits; a quiet period is free).
import { withUser } from "@/lib/auth/with-user";
import { readIdempotencyKey } from "@/lib/http/idempotency-key";
import { readJson } from "@/lib/http/read-json";
import { makeProductionReport, ReportRequest } from "@/lib/text/production-report";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ req, db, user }) => {
  const idempotencyKey = readIdempotencyKey(req);
  const input = ReportRequest.parse(await readJson(req));
  return Response.json(await makeProductionReport(db, user.id, input, { idempotencyKey }));
});
