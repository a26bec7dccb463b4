import Link from "next/link";
import { ScrollTable } from "@/components/ui/scroll-table";
import { aspectsOf, canUse, durationsOf, endpointOf, OFFERED_MODELS, PLANS, PLAN_IDS, priceOf, requiredPlan, sizesOf, TOP_PLAN, type Model } from "@/lib/catalog";

export const metadata = { title: "Pricing" };
// Read per request: a model's endpoint is configuration, so "not yet available" follows it.
export const dynamic = "force-dynamic";

/** Each clip length with its price ("8 · 5 s"), or the one price with its unit. */
function pricesOf(m: Model): string[] {
  const durations = durationsOf(m);
  if (durations.length) return durations.map((duration) => `${priceOf(m, { duration })} · ${duration} s`);
  return [`${priceOf(m)}${m.kind === "chat" ? " per message" : ""}`];
}

function framesOf(m: Model): string {
  return (sizesOf(m).length ? sizesOf(m) : aspectsOf(m)).join(", ") || "—";
}

export default function PricingPage() {
  return (
    <div className="mx-auto max-w-6xl px-6 py-20">
      <h1 className="text-center text-5xl font-black tracking-tight">Simple plans, honest credits</h1>
      <p className="mx-auto mt-4 max-w-2xl text-center text-white/60">
        Every generation reserves its credits up front and is refunded in full if it fails.
      </p>

      <div className="mt-14 grid gap-6 md:grid-cols-3">
        {PLAN_IDS.map((id) => {
          const plan = PLANS[id];
          return (
            <div key={id} className={`rounded-3xl border p-8 ${id === TOP_PLAN ? "glow border-cyan-500/60 bg-cyan-500/5" : "border-white/10 bg-white/5"}`}>
              <h2 className="text-xl font-black">{plan.name}</h2>
              <p className="mt-4 text-4xl font-black">
                ${plan.priceUsdMonthly}
                <span className="text-base font-semibold text-white/50">{plan.priceUsdMonthly ? " / month" : ""}</span>
              </p>
              <p className="mt-3 text-sm text-white/60">{plan.blurb}</p>
              <ul className="mt-6 space-y-2 text-sm text-white/80">
                <li>
                  {plan.creditsRule === "once" ? `${plan.credits} credits once` : `Replenished to ${plan.credits} credits every month`}
                </li>
                <li>{plan.jobsInFlight} job{plan.jobsInFlight > 1 ? "s" : ""} in flight</li>
                <li>{OFFERED_MODELS.filter((m) => canUse(id, m)).length} of {OFFERED_MODELS.length} models</li>
              </ul>
              <Link
                href={id === "free" ? "/studio" : `/billing?plan=${id}`}
                className="mt-8 block rounded-full bg-cyan-500 py-3 text-center font-bold text-black hover:bg-cyan-400"
              >
                {id === "free" ? "Start free" : `Get ${plan.name}`}
              </Link>
            </div>
          );
        })}
      </div>

      <h2 className="mt-20 text-2xl font-black">Credits per generation</h2>
      <ScrollTable label="Credits per generation" className="mt-6">
        <table className="w-full text-left text-sm">
          <thead className="bg-white/5 text-white/60">
            <tr>
              <th className="px-4 py-3">Model</th>
              <th className="px-4 py-3">Kind</th>
              <th className="px-4 py-3">Plan</th>
              <th className="hidden px-4 py-3 sm:table-cell">Formats</th>
              <th className="px-4 py-3 text-right">Credits</th>
            </tr>
          </thead>
          <tbody>
            {OFFERED_MODELS.map((m) => (
              <tr key={m.id} className="border-t border-white/10" data-model={m.id}>
                <td className="px-4 py-3 font-semibold">
                  {m.name}
                  {!endpointOf(m) && <span className="ml-2 text-xs font-bold uppercase tracking-widest text-amber-300/80">Not yet available</span>}
                </td>
                <td className="px-4 py-3 text-white/60">{m.kind}</td>
                <td className="px-4 py-3 text-white/60">{PLANS[requiredPlan(m)].name}</td>
                <td className="hidden px-4 py-3 text-white/60 sm:table-cell">{framesOf(m)}</td>
                <td className="px-4 py-3 text-right font-bold">
                  {pricesOf(m).map((line) => (
                    <span key={line} className="block whitespace-nowrap">
                      {line}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </div>
  );
}
