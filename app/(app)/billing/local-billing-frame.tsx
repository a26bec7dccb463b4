import Link from "next/link";

/** The frame of the local checkout and portal pages: the way back to billing and the test-mode card. */
export function LocalBillingFrame({ label, children, centered = false }: { label: React.ReactNode; children: React.ReactNode; centered?: boolean }) {
  return (
    <div className={`mx-auto max-w-lg px-6 py-12 ${centered ? "flex min-h-screen flex-col justify-center" : ""}`}>
      <Link href="/billing" className="text-sm font-semibold text-white/50 hover:text-white">
        ← Back to billing
      </Link>
      <div className="mt-6 rounded-3xl border border-white/10 bg-white/5 p-8">
        {label}
        {children}
      </div>
    </div>
  );
}
