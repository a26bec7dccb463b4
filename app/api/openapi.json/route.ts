// GET /api/openapi.json: the OpenAPI 3.1 description of the public API, from the routes' own zod schemas.
import { withRoute } from "@/lib/http/with-route";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }));
