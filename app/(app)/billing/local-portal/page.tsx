import { notFound } from "next/navigation";
import { getBillingPage } from "@/lib/billing/billing-page";
import { PLANS } from "@/lib/catalog";
import { LocalActionButton } from "../local-action-button";
import { LocalBillingFrame } from "../local-billing-frame";
import { formatUtcDate } from "@/components/ui/format";

export const metadata = { title: "Subscription" };

const STATUS: Record<string, string> = { active: "Active", cancelled: "Cancelled", expired: "Expired", on_trial: "On trial", past_due: "Payment due", paused: "Paused", unpaid: "Unpaid" };

const date = (iso: string | null) =>
  iso ? formatUtcDate(iso) : "—";

// The embedded default's customer portal: cancel, resume or end the subscription, each sent
// as the signed webhook Lemon Squeezy would send.
export default async function LocalPortalPage() {
  const { subscription, mode } = await getBillingPage("/billing/local-portal", 1);
  if (mode !== "local") notFound();

  return (
    <LocalBillingFrame label={<p className="text-sm font-semibold uppercase tracking-widest text-white/55">Customer portal · test mode</p>}>
        {!subscription || subscription.plan === "free" ? (
          <p className="mt-4 text-white/60">You have no subscription yet.</p>
        ) : (
          <>
            <h1 className="mt-4 text-3xl font-black">Nexora {PLANS[subscription.plan].name}</h1>
            <dl className="mt-6 space-y-3 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="shrink-0 text-white/50">Status</dt>
                <dd className="font-semibold" data-testid="status">{STATUS[subscription.status] ?? subscription.status}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="shrink-0 text-white/50">Renews</dt>
                <dd className="min-w-0 break-words text-right font-semibold">{date(subscription.renews_at)}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="shrink-0 text-white/50">Ends</dt>
                <dd className="min-w-0 break-words text-right font-semibold">{date(subscription.ends_at)}</dd>
              </div>
            </dl>
            <div className="mt-8 space-y-3">
              {subscription.status === "cancelled" ? (
                <LocalActionButton body={{ action: "resume" }} label="Resume subscription" busyLabel="Resuming…" done="/billing" />
              ) : subscription.status !== "expired" ? (
                <LocalActionButton body={{ action: "cancel" }} label="Cancel at period end" busyLabel="Cancelling…" done="/billing" tone="plain" />
              ) : null}
              {subscription.status !== "expired" && (
                <LocalActionButton body={{ action: "expire" }} label="End now" busyLabel="Ending…" done="/billing" tone="danger" />
              )}
            </div>
          </>
        )}
    </LocalBillingFrame>
  );
}
