"use client";

import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { isPlanId, PLANS } from "@/lib/catalog";
import type { AdminUser } from "@/lib/admin/admin-page";
import { formatCount, formatUtcDate } from "@/components/ui/format";

type Confirmation = { delta: number; reason: string; balance: number };

const day = (iso: string) => formatUtcDate(iso);
const credits = (n: number) => `${n > 0 ? "+" : ""}${formatCount(n)}`;

async function answerOf(res: Response | null): Promise<{ ok: boolean; body: any }> {
  const body = await res?.json().catch(() => null);
  return { ok: Boolean(res?.ok), body };
}

/** The users table: search, and per user an adjustment with a required reason, confirmed in the table. */
export function AdminUsers({ initialUsers, initialQuery }: { initialUsers: AdminUser[]; initialQuery: string }) {
  const router = useRouter();
  const [users, setUsers] = useState(initialUsers);
  const [query, setQuery] = useState(initialQuery);
  const [searching, setSearching] = useState(false);
  const [searchProblem, setSearchProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState<Record<string, Confirmation>>({});

  async function search(e: React.FormEvent) {
    e.preventDefault();
    setSearching(true);
    setSearchProblem(null);
    const q = query.trim();
    const { ok, body } = await answerOf(await fetch(`/api/admin/users?q=${encodeURIComponent(q)}`).catch(() => null));
    if (ok) {
      setUsers(body.users);
      window.history.replaceState(null, "", q ? `/admin?q=${encodeURIComponent(q)}` : "/admin");
    } else {
      setSearchProblem(body?.error?.message ?? "The search failed. Check your connection.");
    }
    setSearching(false);
  }

  async function adjust(e: React.FormEvent<HTMLFormElement>, user: AdminUser) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const delta = Number(form.get("delta"));
    const reason = String(form.get("reason") ?? "").trim();
    setBusy(true);
    setProblem(null);
    const { ok, body } = await answerOf(
      await fetch(`/api/admin/users/${encodeURIComponent(user.id)}/credits`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ delta, reason }),
      }).catch(() => null),
    );
    setBusy(false);
    if (!ok) {
      setProblem(body?.error?.message ?? "The adjustment failed. Check your connection.");
      return;
    }
    setUsers((list) => list.map((u) => (u.id === user.id ? { ...u, balance: body.balance } : u)));
    setConfirmed((c) => ({ ...c, [user.id]: { delta, reason, balance: body.balance } }));
    setOpen(null);
    // The audit log below is the server's; the table keeps its own rows and this confirmation.
    router.refresh();
  }

  function toggle(id: string) {
    setProblem(null);
    setOpen((current) => (current === id ? null : id));
  }

  return (
    <div>
      <form onSubmit={search} role="search" className="mt-4 flex flex-wrap gap-2">
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Email or user id"
          aria-label="Search users"
          maxLength={200}
          className="min-w-0 flex-1 rounded-full border border-white/10 bg-white/5 px-5 py-2 outline-none placeholder:text-white/40 focus:border-cyan-500/60"
        />
        <button type="submit" disabled={searching} className="rounded-full bg-cyan-500 px-6 py-2 font-bold text-black hover:bg-cyan-400 disabled:opacity-60">
          {searching ? "Searching…" : "Search"}
        </button>
      </form>
      {searchProblem && (
        <p role="alert" className="mt-2 text-sm text-amber-300">
          {searchProblem}
        </p>
      )}

      <div className="mt-4 overflow-x-auto rounded-3xl border border-white/10">
        <table className="w-full min-w-[720px] text-left text-sm">
          <thead className="bg-white/5 text-white/50">
            <tr>
              <th className="px-4 py-3 font-semibold">User</th>
              <th className="px-4 py-3 font-semibold">Plan</th>
              <th className="px-4 py-3 text-right font-semibold">Balance</th>
              <th className="px-4 py-3 text-right font-semibold">In flight</th>
              <th className="px-4 py-3 font-semibold">Joined</th>
              <th className="px-4 py-3 text-right font-semibold">Credits</th>
            </tr>
          </thead>
          <tbody data-testid="users">
            {users.map((u) => {
              const done = confirmed[u.id];
              return (
                <Fragment key={u.id}>
                  <tr className="border-t border-white/5" data-testid="user-row" data-user-id={u.id}>
                    <td className="max-w-[18rem] px-4 py-3">
                      <span className="block truncate font-semibold" title={u.email ?? u.id}>
                        {u.email ?? "No email"}
                      </span>
                      <span className="block truncate text-xs text-white/55" title={u.id}>
                        {u.name ? `${u.name} · ` : ""}
                        {u.id}
                      </span>
                    </td>
                    <td className="px-4 py-3">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-bold ${u.plan === "free" ? "bg-white/10 text-white/70" : "bg-cyan-500/15 text-cyan-300"}`}>
                        {isPlanId(u.plan) ? PLANS[u.plan].name : u.plan}
                      </span>
                    </td>
                    <td className="px-4 py-3 text-right font-bold tabular-nums" data-testid="user-balance">
                      {formatCount(u.balance)}
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums text-white/70">{u.jobsInFlight}</td>
                    <td className="whitespace-nowrap px-4 py-3 text-white/50">{day(u.createdAt)}</td>
                    <td className="px-4 py-3 text-right">
                      <button
                        type="button"
                        onClick={() => toggle(u.id)}
                        aria-expanded={open === u.id}
                        className="rounded-full border border-white/15 bg-white/5 px-4 py-1.5 text-xs font-bold hover:bg-white/10"
                      >
                        {open === u.id ? "Close" : "Adjust"}
                      </button>
                    </td>
                  </tr>
                  {open === u.id && (
                    <tr className="bg-white/[0.03]">
                      <td colSpan={6} className="px-4 py-4">
                        {/* Pinned to the frame's left edge, so on a phone the form is in view while the table scrolls. */}
                        <div className="sticky left-4 max-w-[calc(100vw-4rem)]">
                          <form onSubmit={(e) => adjust(e, u)} aria-label={`Adjust credits of ${u.email ?? u.id}`} className="flex flex-wrap items-end gap-3">
                            <label className="flex flex-col gap-1 text-xs font-semibold text-white/50">
                              Credits (+/-)
                              <input
                                name="delta"
                                type="number"
                                step={1}
                                min={-100000}
                                max={100000}
                                required
                                placeholder="50"
                                className="w-28 rounded-lg border border-white/10 bg-black px-3 py-2 text-sm text-white outline-none focus:border-cyan-500/60"
                              />
                            </label>
                            <label className="flex min-w-[14rem] flex-1 flex-col gap-1 text-xs font-semibold text-white/50">
                              Reason (shown on the user&apos;s ledger)
                              <input
                                name="reason"
                                required
                                minLength={3}
                                maxLength={200}
                                placeholder="Refund for the outage of Dec 2"
                                className="rounded-lg border border-white/10 bg-black px-3 py-2 text-sm text-white outline-none focus:border-cyan-500/60"
                              />
                            </label>
                            <button type="submit" disabled={busy} className="glow rounded-full bg-cyan-500 px-5 py-2 text-sm font-bold text-black hover:bg-cyan-400 disabled:opacity-60">
                              {busy ? "Applying…" : "Apply"}
                            </button>
                          </form>
                          {problem && (
                            <p role="alert" className="mt-3 text-sm text-amber-300">
                              {problem}
                            </p>
                          )}
                        </div>
                      </td>
                    </tr>
                  )}
                  {done && open !== u.id && (
                    <tr className="bg-cyan-500/5" data-testid="adjust-confirmation">
                      <td colSpan={6} className="px-4 py-3 text-sm text-cyan-200">
                        <p role="status" className="sticky left-4 max-w-[calc(100vw-4rem)]">
                          <strong>{credits(done.delta)} credits</strong> applied: {done.reason}. Balance now{" "}
                          <strong>{formatCount(done.balance)}</strong>.
                        </p>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
            {users.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-white/55">
                  No user matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
