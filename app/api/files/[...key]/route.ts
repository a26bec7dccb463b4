// GET /api/files/<key>?expires&signature: a stored file through a short-lived signed link, for a
// provider fetching an input image (no session). Anything unsigned, expired or missing is a 404.
import { ApiError } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import { getArtifactStore } from "@/lib/storage/artifact-store";
import { mediaTypeOfExtension } from "@/lib/storage/media-types";
import { verifyFileUrl } from "@/lib/storage/signed-url";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ key: string[] }>(async ({ req, params }) => {
  const key = params.key.join("/");
  const url = new URL(req.url);
  if (!verifyFileUrl(key, url.searchParams.get("expires"), url.searchParams.get("signature"))) {
    throw new ApiError("not_found", "No such file.");
  }
  const file = await getArtifactStore().get(key).catch(() => null);
  if (!file) throw new ApiError("not_found", "No such file.");
  if (file.type === "redirect") return new Response(null, { status: 302, headers: { location: file.url, "cache-control": "no-store" } });
  const type = mediaTypeOfExtension(key.split(".").pop() ?? "");
  return new Response(file.body, {
    headers: {
      "content-type": type?.contentType ?? "application/octet-stream",
      "content-length": String(file.size),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
});
