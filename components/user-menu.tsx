import Link from "next/link";
import { UserButton } from "@clerk/nextjs";
import { authMode } from "@/lib/auth/mode";
import { UserSignOutButton } from "./user-sign-out-button";

type Props = { user: { email: string | null; name: string | null } | null };

/** Who is signed in, at the foot of the app shell, with the way out. */
export function UserMenu({ user }: Props) {
  if (!user) {
    return (
      <Link href="/sign-in" className="block rounded-xl bg-cyan-500 px-3 py-2 text-center text-sm font-bold text-black hover:bg-cyan-400">
        Sign in
      </Link>
    );
  }
  const clerk = authMode() === "clerk";
  const label = user.name ?? user.email ?? "Signed in";
  return (
    <div className="rounded-xl border border-white/10 bg-white/5 p-2">
      <div className="flex items-center gap-3">
        {clerk ? (
          <UserButton />
        ) : (
          <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-cyan-500/20 text-sm font-black text-cyan-300">
            {label.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-bold" title={label}>{label}</p>
          {user.email && user.name && <p className="truncate text-xs text-white/40" title={user.email}>{user.email}</p>}
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
