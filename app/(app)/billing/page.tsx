import Link from "next/link";
import { Suspense } from "react";
import { ScrollTable } from "@/components/ui/scroll-table";
import { getBillingPage, type LedgerRow } from "@/lib/billing/billing-page";
import { findModel, isPlanId, PAID_PLAN_IDS, PLANS, TOP_PLAN } from "@/lib/catalog";
import { BalanceFigure } from "./balance-figure";
import { CheckoutButton } from "./checkout-button";
import { PortalButton } from "./portal-button";
import { formatCount, formatUtcDate } from "@/components/ui/format";

export const metadata = { title: "Billing" };

// Client components inside this page's server markup sit in a Suspense boundary each: one whose
// code is still loading while the page hydrates then waits inside it, and the rest of the page
// hydrates without it.

const REASONS: Record<string, string> = {
  starter: "Welcome credits",
  reserve: "Generation",
  refund: "Refund",
  plan_grant: "Plan credits",
  adjustment: "Adjustment",
  refund_clawback: "Payment refunded",
};

/** What a row was for in words: a generation's model and kind, and why a refund came back. */
function describeRow(row: LedgerRow): { what: string; detail: string | null; href: string | null } {
  const generation = row.generation;
  if (!generation) return { what: REASONS[row.reason] ?? row.reason, detail: row.note, href: null };
  const job = `${findModel(generation.model)?.name ?? generation.model} ${generation.kind === "director" ? "Director shot" : generation.kind}`;
  const href = `/history?model=${encodeURIComponent(generation.model)}&open=${generation.id}`;
  if (row.reason === "reserve") return { what: job, detail: row.note, href };
  const why = generation.errorCode === "cancelled" ? "cancelled" : generation.errorCode === "timeout" ? "timed out" : "failed";
  return { what: `Refund: ${job} ${why}`, detail: row.note, href };
}

const STATUS: Record<string, string> = {
  active: "Active",
  on_trial: "On trial",
  past_due: "Payment due",
  cancelled: "Cancelled",
  expired: "Expired",
  unpaid: "Unpaid",
  paused: "Paused",
};

const date = (iso: string | null) => (iso ? formatUtcDate(iso) : null);

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const [{ account, subscription, ledger, mode }, query] = await Promise.all([getBillingPage("/billing"), searchParams]);
  const plan = PLANS[account.plan];
  const wanted = typeof query.plan === "string" ? query.plan : null;
  const notice =
    query.checkout === "success"
      ? "Payment received. Your plan and credits are updated below."
      : isPlanId(query.changed)
        ? `Your subscription is now ${PLANS[query.changed].name}.`
        : null;

  const renewal = subscription
    ? subscription.status === "cancelled" || subscription.status === "expired"
      ? subscription.ends_at && `Ends ${date(subscription.ends_at)}`
      : subscription.renews_at && `Renews ${date(subscription.renews_at)}`
    : null;

  return (
    <div className="mx-auto max-w-5xl px-6 py-12">
      <h1 className="text-4xl font-black tracking-tight">Billing</h1>
      <p className="mt-2 text-white/50">Your plan, your credits, and every movement of them.</p>

      {notice && (
        <div role="status" className="mt-6 rounded-2xl border border-cyan-500/40 bg-cyan-500/10 px-5 py-4 font-semibold text-cyan-200">
          {notice}
        </div>
      )}

      <div className="mt-8 grid gap-4 sm:grid-cols-2">
        <section className="rounded-3xl border border-white/10 bg-white/5 p-6">
          <p className="text-sm font-semibold uppercase tracking-widest text-white/55">Plan</p>
          <p className="mt-2 text-3xl font-black" data-testid="plan">{plan.name}</p>
          <p className="mt-1 text-sm text-white/60">
            {subscription && subscription.plan !== "free"
              ? [PLANS[subscription.plan].name, STATUS[subscription.status] ?? subscription.status, renewal].filter(Boolean).join(" · ")
              : plan.blurb}
          </p>
          {subscription && mode !== "off" && (
            <div className="mt-5">
              <Suspense>
                <PortalButton />
              </Suspense>
            </div>
          )}
        </section>
        <section className="rounded-3xl border border-white/10 bg-white/5 p-6">
          <p className="text-sm font-semibold uppercase tracking-widest text-white/55">Balance</p>
          <Suspense>
            <BalanceFigure seed={account.balance} />
          </Suspense>
          <p className="mt-1 text-sm text-white/60">
            {plan.creditsRule === "replenish"
              ? `Replenished to ${formatCount(plan.credits)} at every paid period.`
              : "Paid plans replenish your credits every month."}
          </p>
        </section>
      </div>

      <h2 className="mt-12 text-2xl font-black">Plans</h2>
      {mode === "off" ? (
        <p className="mt-4 rounded-2xl border border-white/10 bg-white/5 p-6 text-white/60">
          Checkout is not available on this deployment yet.
        </p>
      ) : (
        <div className="mt-4 grid gap-4 md:grid-cols-2">
          {PAID_PLAN_IDS.map((id) => {
            const p = PLANS[id];
            const current = subscription?.live && subscription.plan === id;
            return (
              <section
                key={id}
                className={`flex flex-col rounded-3xl border p-6 ${
                  wanted === id || (id === TOP_PLAN && !wanted) ? "border-cyan-500/50 bg-cyan-500/5" : "border-white/10 bg-white/5"
                }`}
              >
                <div className="flex items-baseline justify-between">
                  <h3 className="text-xl font-black">{p.name}</h3>
                  <p className="text-2xl font-black">
                    ${p.priceUsdMonthly}
                    <span className="text-sm font-semibold text-white/50"> / month</span>
                  </p>
                </div>
                <p className="mt-2 text-sm text-white/60">{p.blurb}</p>
                <p className="mt-2 text-sm text-white/80">
                  {formatCount(p.credits)} credits every month · {p.jobsInFlight} jobs at once
                </p>
                <div className="mt-6">
                  {current ? (
                    <p className="rounded-full border border-cyan-500/40 py-3 text-center font-bold text-cyan-300">Your plan</p>
                  ) : (
                    <Suspense>
                      <CheckoutButton
                        plan={id}
                        primary={wanted === id || (id === TOP_PLAN && !wanted)}
                        label={subscription?.live ? `Switch to ${p.name}` : `Get ${p.name}`}
                      />
                    </Suspense>
                  )}
                </div>
              </section>
            );
          })}
        </div>
      )}
      {mode === "local" && (
        <p className="mt-3 text-xs text-white/55">
          Local checkout: no payment provider is configured, so paying completes a test purchase through this app&apos;s own
          signed webhook.
        </p>
      )}

      <h2 className="mt-12 text-2xl font-black">Credit history</h2>
      <ScrollTable label="Credit history" className="mt-4">
        <table className="w-full text-left text-sm">
          <thead className="bg-white/5 text-white/50">
            <tr>
              <th className="px-5 py-3 font-semibold">When</th>
              <th className="px-5 py-3 font-semibold">What</th>
              <th className="px-5 py-3 text-right font-semibold">Change</th>
              <th className="px-5 py-3 text-right font-semibold">Balance</th>
            </tr>
          </thead>
          <tbody data-testid="ledger">
            {ledger.map((row) => (
              <tr key={row.id} className="border-t border-white/5">
                <td className="whitespace-nowrap px-5 py-3 text-white/50">{date(row.created_at)}</td>
                <td className="min-w-48 px-5 py-3">
                  <RowWhat row={row} />
                </td>
                <td className={`px-5 py-3 text-right font-bold tabular-nums ${row.delta >= 0 ? "text-cyan-400" : "text-white/70"}`}>
                  {row.delta > 0 ? "+" : ""}
                  {formatCount(row.delta)}
                </td>
                <td className="px-5 py-3 text-right tabular-nums text-white/70">{formatCount(row.balance_after)}</td>
              </tr>
            ))}
            {ledger.length === 0 && (
              <tr>
                <td colSpan={4} className="px-5 py-6 text-center text-white/55">
                  No credit movements yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </ScrollTable>
    </div>
  );
}

function RowWhat({ row }: { row: LedgerRow }) {
  const { what, detail, href } = describeRow(row);
  return (
    <>
      {href ? (
        <Link href={href} className="font-semibold underline decoration-white/20 underline-offset-4 hover:decoration-cyan-400">
          {what}
        </Link>
      ) : (
        <span className="font-semibold">{what}</span>
      )}
      {detail && <span className="ml-2 text-white/55">{detail}</span>}
    </>
  );
}
