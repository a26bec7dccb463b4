// GET /api/artifacts/:generationId/:file: a stored output of the user's own generation.
import { readArtifact } from "@/lib/generations/read-artifact";
import { withUser } from "@/lib/auth/with-user";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string; file: string }>(async ({ db, user, params }) => {
  const artifact = await readArtifact(db, user.id, params.id, params.file);
  if (artifact.type === "redirect") {
    return new Response(null, { status: 302, headers: { location: artifact.url, "cache-control": "private, no-store" } });
  }
  return new Response(artifact.body, {
    headers: {
      "content-type": artifact.contentType,
      "content-length": String(artifact.size),
      "cache-control": "private, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      // Outputs include SVG: opened on its own, it must not run script on our origin.
      "content-security-policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
    },
  });
});
