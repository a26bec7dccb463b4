// GET /api/reports/:id: one production report, as JSON or, with ?format=md, as a Markdown file.
import { withUser } from "@/lib/auth/with-user";
import { getReport } from "@/lib/db/functions/text";
import { ApiError } from "@/lib/http/api-error";
import { isUuid } from "@/lib/http/is-uuid";
import { reportMarkdown } from "@/lib/text/report-markdown";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async ({ req, db, user, params }) => {
  const report = isUuid(params.id) ? await getReport(db, user.id, params.id) : null;
  if (!report) throw new ApiError("not_found", "No such report.");
  if (new URL(req.url).searchParams.get("format") !== "md") return Response.json({ report });
  return new Response(reportMarkdown(report), {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="nexora-report-${report.period_from}-to-${report.period_to}.md"`,
    },
  });
});
