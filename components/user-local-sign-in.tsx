"use client";

import { useState } from "react";

type Props = { returnTo: string; mode: "sign-in" | "sign-up" };

/** The embedded default's sign-in: an email (and a name) is the whole account. */
export function UserLocalSignIn({ returnTo, mode }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const name = String(form.get("name") ?? "").trim();
    try {
      const res = await fetch("/api/auth/local", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: String(form.get("email") ?? ""), ...(name ? { name } : {}) }),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        setError(res.status === 400 ? "Enter a valid email address." : (body?.error?.message ?? "Sign-in failed."));
        setPending(false);
        return;
      }
      // A full navigation, so the signed-in shell renders with the new session.
      window.location.assign(returnTo);
    } catch {
      setError("The server could not be reached. Try again.");
      setPending(false);
    }
  }

  return (
    <div className="w-full max-w-sm rounded-3xl border border-white/10 bg-white/5 p-8 shadow-2xl shadow-cyan-500/5 backdrop-blur-xl">
      <h1 className="text-2xl font-black tracking-tight">{mode === "sign-up" ? "Create your studio" : "Sign in to Nexora"}</h1>
      <p className="mt-2 text-sm text-white/60">
        Local sign-in: your email is your account on this server. New accounts start with 15 free credits.
      </p>
      <form action={submit} className="mt-8 space-y-4">
        <label className="block">
          <span className="text-xs font-bold uppercase tracking-widest text-white/50">Email</span>
          <input
            name="email"
            type="email"
            required
            autoComplete="email"
            autoFocus
            placeholder="you@studio.com"
            className="mt-2 block w-full rounded-xl border border-white/10 bg-black/60 px-4 py-3 text-white placeholder:text-white/40 focus:border-cyan-500 focus:outline-none focus:ring-2 focus:ring-cyan-500/30"
          />
        </label>
        <label className="block">
          <span className="text-xs font-bold uppercase tracking-widest text-white/50">
            Name <span className="font-semibold normal-case tracking-normal text-white/55">(optional)</span>
          </span>
          <input
            name="name"
            type="text"
            autoComplete="name"
            maxLength={100}
            placeholder="Ada Lovelace"
            className="mt-2 block w-full rounded-xl border border-white/10 bg-black/60 px-4 py-3 text-white placeholder:text-white/40 focus:border-cyan-500 focus:outline-none focus:ring-2 focus:ring-cyan-500/30"
          />
        </label>
        {error && (
          <p role="alert" className="rounded-xl border border-red-500/30 bg-red-500/10 px-4 py-3 text-sm text-red-300">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="glow w-full rounded-full bg-cyan-500 px-6 py-3 font-bold text-black transition hover:bg-cyan-400 disabled:opacity-60"
        >
          {pending ? "Signing in…" : "Continue"}
        </button>
      </form>
    </div>
  );
}
