// The request a piece of server code runs for: its id and, once known, its user. Route wrappers
// open it; the logger reads it, so a job's log lines carry the request that moved the job.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export type RequestContext = { requestId: string; userId?: string };

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

const GIVEN_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The id of a request: the one a proxy in front already gave it (X-Request-Id), or a new one. */
export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && GIVEN_ID.test(given) ? given : randomUUID();
}
