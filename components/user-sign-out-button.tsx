"use client";

import { useState } from "react";

/** Ends the local session: the server clears the cookie, then the browser leaves the app. */
export function UserSignOutButton() {
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    await fetch("/api/auth/local", { method: "DELETE" }).catch(() => null);
    window.location.assign("/");
  }

  return (
    <button
      type="button"
      onClick={signOut}
      disabled={pending}
      className="w-full rounded-lg px-2 py-1.5 text-left text-xs font-bold text-white/50 hover:bg-white/5 hover:text-white disabled:opacity-50"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
