// The plumbing every provider fake shares: a node:http server on a free port that records each
// request (method, path, headers, parsed body), serves output files, can hold requests open, and
// streams server-sent events with a delay between them, noting a client that leaves early.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mediaFor } from "./media-bytes";

export type RecordedRequest = {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The JSON body when it parsed, otherwise undefined. */
  body: unknown;
  at: number;
  /** The client closed the connection before the answer was complete. */
  closedEarly: boolean;
  /** Server-sent events written to this request. */
  eventsSent: number;
};

export type FakeReply = { status: number; headers?: Record<string, string>; body?: unknown; raw?: string | Buffer };

/** A `text/event-stream` answer: each event written as one `data:` line, `delayMs` apart. */
export type FakeEventStream = { status: 200; headers?: Record<string, string>; events: string[]; delayMs: number };

type Answer = FakeReply | FakeEventStream | "hang" | undefined;

/** A handler answers a reply or an event stream, "hang" to never answer, or undefined to fall through to 404. */
export type FakeHandler = (req: RecordedRequest) => Promise<Answer> | Answer;

export type FakeServer = {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
};

export const FILES_PREFIX = "/files/";
export const MISSING_PREFIX = "/files/missing/";
/** Output files under this prefix answer 302 to the URL in their `to` query parameter. */
export const REDIRECT_PREFIX = "/files/redirect/";

/**
 * The URL a fake hands out for an output file: served, missing for [fake:404-output], or a
 * redirect to `redirectTo` for [fake:redirect-output].
 */
export function outputFileUrl(baseUrl: string, fault: string | undefined, file: string, redirectTo: string): string {
  if (fault === "404-output") return `${baseUrl}${MISSING_PREFIX}${file}`;
  if (fault === "redirect-output") return `${baseUrl}${REDIRECT_PREFIX}${file}?to=${encodeURIComponent(redirectTo)}`;
  return `${baseUrl}${FILES_PREFIX}${file}`;
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: FakeReply) {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Buffer = "";
  if (reply.raw !== undefined) payload = reply.raw;
  else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers["content-type"] ??= "application/json";
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes the events one by one, and stops as soon as the client has gone. */
async function stream(res: ServerResponse, recorded: RecordedRequest, reply: FakeEventStream) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...reply.headers });
  for (const [i, event] of reply.events.entries()) {
    if (i > 0) await sleep(reply.delayMs);
    if (recorded.closedEarly || res.destroyed) return;
    res.write(`data: ${event}\n\n`);
    recorded.eventsSent++;
  }
  res.end();
}

function serveFile(pathname: string, query: URLSearchParams): FakeReply {
  if (pathname.startsWith(MISSING_PREFIX)) return { status: 404, body: { detail: "Not found" } };
  if (pathname.startsWith(REDIRECT_PREFIX)) return { status: 302, headers: { location: query.get("to") ?? "/" } };
  const media = mediaFor(pathname);
  return { status: 200, headers: { "content-type": media.contentType }, raw: media.bytes };
}

/** Starts a fake on 127.0.0.1 with a free port. Output files under /files/ are served for every fake. */
export async function startFakeServer(handle: FakeHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    try {
      const rawBody = await readRaw(req);
      const url = new URL(req.url ?? "/", "http://fake.local");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        pathname: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
        at: Date.now(),
        closedEarly: false,
        eventsSent: 0,
      };
      res.on("close", () => {
        if (!res.writableFinished) recorded.closedEarly = true;
      });
      if (recorded.method === "GET" && recorded.pathname.startsWith(FILES_PREFIX)) {
        send(res, serveFile(recorded.pathname, recorded.query));
        return;
      }
      requests.push(recorded);
      const reply = await handle(recorded);
      if (reply === "hang") return;
      if (reply && "events" in reply) return await stream(res, recorded, reply);
      send(res, reply ?? { status: 404, body: { detail: `No route for ${recorded.method} ${recorded.pathname}` } });
    } catch (error) {
      if (res.headersSent) res.destroy();
      else send(res, { status: 599, body: { detail: `fake crashed: ${String(error)}` } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
