import Link from "next/link";
import { authMode } from "@/lib/auth/mode";
import { LazyUserButton } from "./clerk-lazy";
import { buttonClass } from "./ui/button";
import { UserSignOutButton } from "./user-sign-out-button";

type Props = { user: { email: string | null; name: string | null } | null };

/** Who is signed in, at the foot of the sidebar and in the phone's "More" sheet, with the way out. */
export function UserMenu({ user }: Props) {
  if (!user) {
    return (
      <Link href="/sign-in" className={buttonClass({ className: "w-full" })}>
        Sign in
      </Link>
    );
  }
  const clerk = authMode() === "clerk";
  const label = user.name ?? user.email ?? "Signed in";
  return (
    <div className="rounded-2xl border border-white/10 bg-white/5 p-2">
      <div className="flex items-center gap-3 p-1">
        {clerk ? (
          <LazyUserButton />
        ) : (
          <span aria-hidden className="flex size-9 shrink-0 items-center justify-center rounded-full bg-cyan-500/20 text-sm font-black text-cyan-200">
            {label.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-bold" title={label}>
            {label}
          </p>
          {user.email && user.name && (
            <p className="truncate text-xs text-white/60" title={user.email}>
              {user.email}
            </p>
          )}
        </div>
      </div>
      {!clerk && (
        <div className="mt-2 border-t border-white/10 pt-2">
          <UserSignOutButton />
        </div>
      )}
    </div>
  );
}
