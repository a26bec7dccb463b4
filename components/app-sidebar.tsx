import { NavLink } from "./shell/nav-link";
import { navPagesFor } from "./shell/nav-pages";
import { NexoraLogo } from "./shell/nexora-logo";
import { UserMenu } from "./user-menu";

type Props = { user: { email: string | null; name: string | null } | null; isAdmin?: boolean };

/** The desktop navigation: every signed-in page, the current one lit, and who is signed in. */
export function AppSidebar({ user, isAdmin = false }: Props) {
  return (
    <div className="hidden w-60 shrink-0 border-r border-white/10 bg-white/[0.02] md:block">
      <aside className="sticky top-0 flex h-dvh flex-col p-4">
        <NexoraLogo className="px-3 py-2" />
        <nav aria-label="Pages" className="mt-6 flex-1 space-y-1 overflow-y-auto">
          {navPagesFor(isAdmin).map((page) => (
            <NavLink key={page.href} page={page} />
          ))}
        </nav>
        <UserMenu user={user} />
      </aside>
    </div>
  );
}
