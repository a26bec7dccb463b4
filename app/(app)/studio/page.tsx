import { requirePageUser } from "@/lib/auth/page-user";
import { endpointOf, OFFERED_MODELS } from "@/lib/catalog";
import { isModelAvailable } from "@/lib/providers";
import { Studio } from "./studio";

export const metadata = { title: "Studio" };

// The Studio: pick a model, write a prompt, watch results arrive. Everything after the first
// render goes through the API, like any other client would.
export default async function StudioPage() {
  const { account } = await requirePageUser("/studio");
  // A model without an upstream yet is "not yet available"; one whose provider is not configured here, "unavailable".
  const unavailable = Object.fromEntries(
    OFFERED_MODELS.filter((m) => !isModelAvailable(m)).map((m) => [m.id, endpointOf(m) ? "Unavailable right now" : "Not yet available"]),
  );
  return <Studio plan={account.plan} initialBalance={account.balance} unavailable={unavailable} />;
}
