"use client";

import { useState } from "react";
import { cx } from "./ui/cx";
import { FOCUS_RING } from "./ui/focus-ring";

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
      className={cx("w-full rounded-lg px-2 py-2 text-left text-sm font-bold text-white/70 hover:bg-white/5 hover:text-white disabled:opacity-50", FOCUS_RING)}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
