import Link from "next/link";

const LINKS = [
  { href: "/studio", label: "Studio" },
  { href: "/director", label: "Director" },
  { href: "/assistant", label: "Assistant" },
  { href: "/calendar", label: "Calendar" },
  { href: "/history", label: "History" },
  { href: "/reports", label: "Reports" },
  { href: "/billing", label: "Billing" },
];

export function AppSidebar() {
  return (
    <aside className="hidden w-56 shrink-0 border-r border-white/10 bg-white/[0.02] p-4 md:block">
      <Link href="/" className="block px-3 py-2 text-lg font-black tracking-tight">
        Nexora<span className="text-cyan-400">.</span>
      </Link>
      <nav className="mt-6 space-y-1 text-sm font-semibold">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} className="block rounded-xl px-3 py-2 text-white/70 hover:bg-white/5 hover:text-white">
            {l.label}
          </Link>
        ))}
      </nav>
    </aside>
  );
}
