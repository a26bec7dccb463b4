import "server-only";
import { logger } from "@/lib/log/logger";
import { requestIdOf, runInRequest, type RequestContext } from "@/lib/log/request-context";
import { errorResponse } from "./respond";

/** The response with the request's id on it (a redirect's headers are frozen, so it is copied). */
function withRequestId(res: Response, requestId: string): Response {
  try {
    res.headers.set("x-request-id", requestId);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}

/**
 * Runs one API request: in its own request context (an id, and the user once known), with
 * anything thrown turned into SPEC's error body carrying the id, the id in an `x-request-id`
 * header, and one log line when the answer leaves.
 */
export async function handleRequest(req: Request, run: (context: RequestContext) => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const context: RequestContext = { requestId: requestIdOf(req) };
  const path = new URL(req.url).pathname;
  return runInRequest(context, async () => {
    let res: Response;
    try {
      res = await run(context);
    } catch (error) {
      res = errorResponse(error, `${req.method} ${path}`, context.requestId);
    }
    const durationMs = Math.round(performance.now() - started);
    const fields = { method: req.method, path, status: res.status, durationMs };
    // 502 and 503 are a provider's failure or absence, answered as designed; other 5xx are ours.
    if (res.status >= 500 && res.status !== 502 && res.status !== 503) logger.error(fields, "request");
    else if (res.status >= 500) logger.warn(fields, "request");
    else logger.info(fields, "request");
    return withRequestId(res, context.requestId);
  });
}
