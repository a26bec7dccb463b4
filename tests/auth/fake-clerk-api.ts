import { createServer, type Server, type ServerResponse } from "node:http";

/**
 * A stand-in for Clerk's Backend API (`GET /v1/users/:id`) that records every call. Users whose
 * id contains "hang" never get an answer, as when Clerk is unreachable or stuck.
 */
export async function startFakeClerkApi(secretKey: string) {
  const calls: { path: string; authorization: string | undefined }[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    calls.push({ path, authorization: req.headers.authorization });
    const match = /^\/v1\/users\/([^/]+)$/.exec(path);
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"errors":[{"code":"authentication_invalid"}]}');
      return;
    }
    if (!match) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"code":"resource_not_found"}]}');
      return;
    }
    const id = decodeURIComponent(match[1]);
    if (id.includes("hang")) {
      hanging.add(res);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        object: "user",
        id,
        first_name: "Clerk",
        last_name: "Person",
        primary_email_address_id: "idn_primary",
        email_addresses: [
          { id: "idn_other", object: "email_address", email_address: `other+${id}@example.com` },
          { id: "idn_primary", object: "email_address", email_address: `${id}@example.com` },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsFor: (userId: string) => calls.filter((c) => c.path === `/v1/users/${userId}`).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
