import { requirePageUser } from "@/lib/auth/page-user";
import { PLANS } from "@/lib/catalog";

export const metadata = { title: "Billing" };

export default async function BillingPage() {
  const { account } = await requirePageUser("/billing");
  return (
    <div className="mx-auto max-w-4xl px-6 py-12">
      <h1 className="text-3xl font-black">Billing</h1>
      <div className="mt-8 grid gap-4 sm:grid-cols-2">
        <div className="rounded-2xl border border-white/10 bg-white/5 p-6">
          <p className="text-sm text-white/50">Plan</p>
          <p className="mt-1 text-2xl font-black">{PLANS[account.plan].name}</p>
        </div>
        <div className="rounded-2xl border border-white/10 bg-white/5 p-6">
          <p className="text-sm text-white/50">Balance</p>
          <p className="mt-1 text-2xl font-black text-cyan-400">{account.balance} credits</p>
        </div>
      </div>
    </div>
  );
}
