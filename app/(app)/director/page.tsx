import { requirePageUser } from "@/lib/auth/page-user";
import { aspectsOf, CAMERA_MOTIONS, canUse, durationsOf, findModel, PLANS, priceOf, requiredPlan } from "@/lib/catalog";
import { ANCHOR_MAX_BYTES, ANCHOR_MAX_SIDE, ANCHOR_MIN_SIDE } from "@/lib/director/anchors";
import { ANCHORS_MAX } from "@/lib/generations/schema";
import { Director } from "./director";
import { DirectorPaywall } from "./paywall";

export const metadata = { title: "Director" };

const DIRECTOR_MODEL = "higgsfield-soul";

// Director: a character from the user's photos, a keyframe with it, and that keyframe animated
// with a camera move. The shot lengths are server configuration, so they are read here and the
// client is handed the lengths and their prices.
export default async function DirectorPage() {
  const { account } = await requirePageUser("/director");
  const model = findModel(DIRECTOR_MODEL)!;
  const plan = PLANS[requiredPlan(model)];
  if (!canUse(account.plan, model)) {
    return <DirectorPaywall planName={plan.name} planId={plan.id} priceUsdMonthly={plan.priceUsdMonthly} monthlyCredits={plan.credits} shotPrice={priceOf(model)} />;
  }
  return (
    <Director
      initialBalance={account.balance}
      durations={durationsOf(model).map((seconds) => ({ seconds, price: priceOf(model, { duration: seconds }) }))}
      aspects={[...aspectsOf(model)]}
      motions={[...CAMERA_MOTIONS]}
      promptMax={model.options.promptMax}
      anchorLimits={{ count: ANCHORS_MAX, bytes: ANCHOR_MAX_BYTES, minSide: ANCHOR_MIN_SIDE, maxSide: ANCHOR_MAX_SIDE }}
    />
  );
}
