// Stands in for what an output URL must never reach: a service on the server's own network (an
// admin port, a cloud metadata endpoint). It answers every GET with a real image, so a fetcher
// that wrongly follows a link here would store it, and it records every request it gets.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mediaFor } from "./media-bytes";

export async function startInternalService() {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const media = mediaFor(req.url ?? "/");
    res.writeHead(200, { "content-type": media.contentType }).end(media.bytes);
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

export type InternalService = Awaited<ReturnType<typeof startInternalService>>;
