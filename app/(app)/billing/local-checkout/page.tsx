import { notFound } from "next/navigation";
import { getBillingPage } from "@/lib/billing/billing-page";
import { isPaidPlanId, PLANS, TOP_PLAN } from "@/lib/catalog";
import { LocalActionButton } from "../local-action-button";
import { LocalBillingFrame } from "../local-billing-frame";
import { formatCount } from "@/components/ui/format";

export const metadata = { title: "Checkout" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// The embedded default's checkout: what Lemon Squeezy's hosted page would be, with "pay"
// completing the purchase through our own signed webhooks.
export default async function LocalCheckoutPage({ searchParams }: { searchParams: SearchParams }) {
  const { plan: wanted } = await searchParams;
  const planId = isPaidPlanId(wanted) ? wanted : TOP_PLAN;
  const { user, subscription, mode } = await getBillingPage(`/billing/local-checkout?plan=${planId}`, 1);
  if (mode !== "local") notFound();
  const plan = PLANS[planId];
  const change = subscription?.live && subscription.plan !== planId;

  return (
    <LocalBillingFrame
      centered
      label={
        <div className="flex items-center justify-between">
          <p className="text-sm font-semibold uppercase tracking-widest text-white/55">Checkout</p>
          <span className="rounded-full border border-amber-300/40 bg-amber-300/10 px-3 py-1 text-xs font-bold text-amber-200">
            Test mode · no money moves
          </span>
        </div>
      }
    >
        <h1 className="mt-4 text-3xl font-black">Nexora {plan.name}</h1>
        <p className="mt-1 text-white/60">{plan.blurb}</p>

        <dl className="mt-8 space-y-3 text-sm">
          <div className="flex justify-between gap-4">
            <dt className="shrink-0 text-white/50">Email</dt>
            <dd className="min-w-0 break-words text-right font-semibold">{user.email}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="shrink-0 text-white/50">Credits</dt>
            <dd className="min-w-0 break-words text-right font-semibold">Replenished to {formatCount(plan.credits)} every month</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="shrink-0 text-white/50">Card</dt>
            <dd className="font-mono font-semibold">•••• 4242</dd>
          </div>
          {change && (
            <div className="flex justify-between gap-4">
              <dt className="shrink-0 text-white/50">Replaces</dt>
              <dd className="min-w-0 break-words text-right font-semibold">{PLANS[subscription.plan].name}</dd>
            </div>
          )}
          <div className="flex justify-between border-t border-white/10 pt-3 text-base">
            <dt className="font-bold">Due today</dt>
            <dd className="font-black">${plan.priceUsdMonthly}.00</dd>
          </div>
        </dl>

        <div className="mt-8">
          <LocalActionButton
            body={{ plan: planId }}
            label={`Pay $${plan.priceUsdMonthly}`}
            busyLabel="Processing payment…"
            done="/billing?checkout=success"
          />
        </div>
    </LocalBillingFrame>
  );
}
