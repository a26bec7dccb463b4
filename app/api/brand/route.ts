// GET|PUT /api/brand: the user's brand profile, which the assistant, kits and reports write for.
import { withUser } from "@/lib/auth/with-user";
import { getBrand, putBrand } from "@/lib/db/functions/text";
import { readJson } from "@/lib/http/read-json";
import { BrandInput } from "@/lib/text/brand";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ db, user }) => Response.json({ brand: await getBrand(db, user.id) }));

export const PUT = withUser(async ({ req, db, user }) => {
  const brand = BrandInput.parse(await readJson(req));
  return Response.json({ brand: await putBrand(db, user.id, brand) });
});
