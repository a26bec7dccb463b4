import { requirePageUser } from "@/lib/auth/page-user";
import { aspectsOf, canUse, durationsOf, endpointOf, OFFERED_MODELS, PLANS, requiredPlan, sizesOf } from "@/lib/catalog";
import { isModelAvailable } from "@/lib/providers";
import { Studio, type StudioModel } from "./studio";

export const metadata = { title: "Studio" };

const PROVIDER_NAMES: Record<string, string> = { fal: "fal.ai", replicate: "Replicate", openai: "OpenAI", gemini: "Google", higgsfield: "Higgsfield", runway: "Runway" };

// The Studio: pick a model, write a prompt, watch results arrive. Everything after the first
// render goes through the API, like any other client would. The catalog is read here and the
// client gets plain data, so it ships none of the catalog's code.
export default async function StudioPage() {
  const { account } = await requirePageUser("/studio");
  const models: StudioModel[] = OFFERED_MODELS.filter((m) => m.kind === "image" || m.kind === "video").map((m) => {
    const unlockedBy = requiredPlan(m);
    return {
      id: m.id,
      name: m.name,
      kind: m.kind as StudioModel["kind"],
      provider: PROVIDER_NAMES[m.provider] ?? m.provider,
      credits: m.credits,
      tagline: m.tagline,
      promptMax: m.options.promptMax,
      aspects: [...aspectsOf(m)],
      sizes: [...sizesOf(m)],
      durations: [...durationsOf(m)],
      imageToVideo: Boolean(m.options.imageToVideo),
      usable: canUse(account.plan, m),
      unlockedBy,
      unlockedByName: PLANS[unlockedBy].name,
      // A model without an upstream yet is "not yet available"; one whose provider is not configured here, "unavailable".
      unavailable: isModelAvailable(m) ? null : endpointOf(m) ? "Unavailable right now" : "Not yet available",
    };
  });
  return <Studio initialBalance={account.balance} models={models} />;
}
