import Link from "next/link";
import { UserMenu } from "./user-menu";

const LINKS = [
  { href: "/studio", label: "Studio" },
  { href: "/director", label: "Director" },
  { href: "/assistant", label: "Assistant" },
  { href: "/calendar", label: "Calendar" },
  { href: "/history", label: "History" },
  { href: "/kits", label: "Marketing kits" },
  { href: "/reports", label: "Reports" },
  { href: "/billing", label: "Billing" },
];

type Props = { user: { email: string | null; name: string | null } | null; isAdmin?: boolean };

export function AppSidebar({ user, isAdmin = false }: Props) {
  return (
    <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col border-r border-white/10 bg-white/[0.02] p-4 md:flex">
      <Link href="/" className="block px-3 py-2 text-lg font-black tracking-tight">
        Nexora<span className="text-cyan-400">.</span>
      </Link>
      <nav className="mt-6 flex-1 space-y-1 text-sm font-semibold">
        {(isAdmin ? [...LINKS, { href: "/admin", label: "Admin" }] : LINKS).map((l) => (
          <Link key={l.href} href={l.href} className="block rounded-xl px-3 py-2 text-white/70 hover:bg-white/5 hover:text-white">
            {l.label}
          </Link>
        ))}
      </nav>
      <UserMenu user={user} />
    </aside>
  );
}
