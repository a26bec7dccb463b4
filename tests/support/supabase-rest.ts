import { createServer, type IncomingMessage, type Server } from "node:http";
import { createSqlRpc } from "../../lib/db/sql-rpc";
import type { SqlDb } from "../../lib/db/types";

export type RestRequest = { method: string; path: string; headers: IncomingMessage["headers"]; body: unknown };

/**
 * A small stand-in for Supabase's data API (PostgREST): `POST /rest/v1/rpc/<fn>` with the
 * function's named arguments as the JSON body. The API key picks the database role the call
 * runs as, as Supabase's JWT role claim does, so privileges are enforced by Postgres itself.
 */
export async function startSupabaseRest(sql: SqlDb, keys: Record<string, "service_role" | "anon" | "authenticated">) {
  const requests: RestRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? "/", "http://localhost");
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return send(400, { code: "PGRST102", message: "Empty or invalid json", details: null, hint: null });
    }
    requests.push({ method: req.method ?? "", path: url.pathname, headers: req.headers, body });

    const apikey = req.headers["apikey"];
    const bearer = req.headers["authorization"]?.replace(/^Bearer /, "");
    const role = typeof apikey === "string" ? keys[apikey] : undefined;
    if (!role || bearer !== apikey) {
      return send(401, { code: "PGRST301", message: "Invalid API key", details: null, hint: null });
    }
    const match = /^\/rest\/v1\/rpc\/([a-z_][a-z0-9_]*)$/.exec(url.pathname);
    if (req.method !== "POST" || !match) {
      return send(404, { code: "PGRST202", message: "Not found", details: null, hint: null });
    }
    if (!String(req.headers["content-type"]).startsWith("application/json") || typeof body !== "object" || Array.isArray(body)) {
      return send(400, { code: "PGRST102", message: "Expected a JSON object of named arguments", details: null, hint: null });
    }
    try {
      const result = await sql.transaction(async (query) => {
        await query(`set local role ${role}`);
        return createSqlRpc(query)(match[1], body as Record<string, unknown>);
      });
      send(200, result);
    } catch (error) {
      const cause = ((error as { cause?: { code?: string; message?: string } }).cause ?? error) as {
        code?: string;
        message?: string;
      };
      send(cause.code === "42501" ? 403 : 400, { code: cause.code ?? "PGRST000", message: cause.message, details: null, hint: null });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
