import type { Metadata } from "next";
import { Suspense } from "react";
import { getAdminPage, getPageAdmin, type StuckJob } from "@/lib/admin/admin-page";
import { AdminUsers } from "./admin-users";
import { ReplayButton } from "./replay-button";
import { formatCount } from "@/components/ui/format";

// Only admins learn this page exists: everyone else gets the 404 page, title included.
export async function generateMetadata(): Promise<Metadata> {
  return (await getPageAdmin()) ? { title: "Admin" } : {};
}

// Client components inside this page's server markup sit in a Suspense boundary each: one whose
// code is still loading while the page hydrates then waits inside it, and the rest of the page
// hydrates without it.

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const when = (iso: string) =>
  `${new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" })} UTC`;

/** "5 min ago", "3 h ago", "2 d ago": how long a job or an event has been waiting. */
function ago(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 90) return `${minutes} min ago`;
  if (minutes < 36 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}

const ACTIONS: Record<string, string> = { adjust_credits: "Adjusted credits", replay_webhook: "Replayed webhook" };

function Section({ title, hint, children, testId }: { title: string; hint?: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="mt-12 min-w-0" data-testid={testId}>
      <h2 className="text-2xl font-black">{title}</h2>
      {hint && <p className="mt-1 text-sm text-white/50">{hint}</p>}
      {children}
    </section>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="mt-4 rounded-2xl border border-white/10 bg-white/5 p-6 text-white/50">{children}</p>;
}

function jobNote(job: StuckJob): string {
  if (job.state === "failed") return job.error?.message ?? job.error?.code ?? "Failed";
  if (job.status === "queued") return "Never submitted to the provider";
  return `Running past its ${job.timeoutSeconds} s timeout`;
}

export default async function AdminPage({ searchParams }: { searchParams: SearchParams }) {
  const query = (await searchParams).q;
  const { users, jobs, events, reconcile, audit } = await getAdminPage(typeof query === "string" ? query.trim().slice(0, 200) : "");

  return (
    <div className="mx-auto min-w-0 max-w-6xl overflow-x-hidden break-words px-4 py-10 sm:px-6 sm:py-12">
      <h1 className="text-4xl font-black tracking-tight">Admin</h1>
      <p className="mt-2 text-white/50">Users and their credits, stuck jobs, billing events. Every action here is audited.</p>

      <Section title="Users" hint="Search by email or user id. An adjustment needs a reason; it shows on the user's ledger.">
        <Suspense>
          <AdminUsers initialUsers={users} initialQuery={typeof query === "string" ? query : ""} />
        </Suspense>
      </Section>

      <Section
        title="Stuck and failing jobs"
        hint="Open jobs past their timeout or never submitted, and failures of the last 24 hours, by provider."
        testId="jobs"
      >
        {jobs.providers.length === 0 ? (
          <Empty>Nothing stuck, nothing failed in the last 24 hours.</Empty>
        ) : (
          <>
            <div className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
              {jobs.providers.map((p) => (
                <div key={p.provider} className="rounded-2xl border border-white/10 bg-white/5 p-4" data-testid="provider-counts">
                  <p className="text-sm font-bold">{p.provider}</p>
                  <p className="mt-1 text-xs text-white/60">
                    <span className={p.stuck ? "font-bold text-amber-300" : ""}>{p.stuck} stuck</span>
                    {" · "}
                    <span className={p.failed ? "font-bold text-rose-300" : ""}>{p.failed} failed</span>
                  </p>
                </div>
              ))}
            </div>
            <div className="mt-4 overflow-x-auto rounded-3xl border border-white/10">
              <table className="w-full min-w-[760px] text-left text-sm">
                <thead className="bg-white/5 text-white/50">
                  <tr>
                    <th className="px-4 py-3 font-semibold">Provider</th>
                    <th className="px-4 py-3 font-semibold">State</th>
                    <th className="px-4 py-3 font-semibold">Model</th>
                    <th className="px-4 py-3 font-semibold">User</th>
                    <th className="px-4 py-3 font-semibold">Started</th>
                    <th className="px-4 py-3 font-semibold">What happened</th>
                  </tr>
                </thead>
                <tbody>
                  {jobs.jobs.map((job) => (
                    <tr key={job.id} className="border-t border-white/5 align-top" data-testid="stuck-job">
                      <td className="px-4 py-3 font-semibold">{job.provider}</td>
                      <td className="px-4 py-3">
                        <span
                          className={`rounded-full px-2 py-0.5 text-xs font-bold ${
                            job.state === "stuck" ? "bg-amber-400/15 text-amber-300" : "bg-rose-400/15 text-rose-300"
                          }`}
                        >
                          {job.state === "stuck" ? `stuck (${job.status})` : job.refunded ? "failed, refunded" : "failed"}
                        </span>
                      </td>
                      <td className="px-4 py-3">
                        {job.model}
                        <span className="block text-xs text-white/55">{job.price} credits</span>
                      </td>
                      <td className="max-w-[14rem] truncate px-4 py-3 text-white/70" title={job.userId}>
                        {job.email ?? job.userId}
                      </td>
                      <td className="whitespace-nowrap px-4 py-3 text-white/50" title={when(job.createdAt)}>
                        {ago(job.createdAt)}
                      </td>
                      <td className="px-4 py-3 text-white/60">{jobNote(job)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>

      <Section title="Failed webhook events" hint="Lemon Squeezy events that did not apply. Replaying runs the stored event again." testId="webhooks">
        {events.length === 0 ? (
          <Empty>Every stored webhook event applied.</Empty>
        ) : (
          <div className="mt-4 overflow-x-auto rounded-3xl border border-white/10">
            <table className="w-full min-w-[760px] text-left text-sm">
              <thead className="bg-white/5 text-white/50">
                <tr>
                  <th className="px-4 py-3 font-semibold">Event</th>
                  <th className="px-4 py-3 font-semibold">Received</th>
                  <th className="px-4 py-3 font-semibold">Attempts</th>
                  <th className="px-4 py-3 font-semibold">Error</th>
                  <th className="px-4 py-3 text-right font-semibold">Replay</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id} className="border-t border-white/5 align-top" data-testid="webhook-event">
                    <td className="px-4 py-3">
                      <span className="font-semibold">{e.eventName}</span>
                      <span className="block text-xs text-white/55">
                        #{e.id} · {e.source}
                        {e.objectId ? ` · object ${e.objectId}` : ""}
                      </span>
                    </td>
                    <td className="whitespace-nowrap px-4 py-3 text-white/50" title={when(e.receivedAt)}>
                      {ago(e.receivedAt)}
                    </td>
                    <td className="px-4 py-3 tabular-nums text-white/70">{e.attempts}</td>
                    <td className="max-w-[22rem] px-4 py-3 break-words text-white/60">{e.error ?? (e.status === "received" ? "Never finished" : "—")}</td>
                    <td className="px-4 py-3 text-right">
                      <Suspense>
                        <ReplayButton eventId={e.id} />
                      </Suspense>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title="Last reconcile" hint="Subscriptions compared with Lemon Squeezy's API; drift is corrected through the webhook code." testId="reconcile">
        {!reconcile ? (
          <Empty>No reconciliation has run yet. GET /api/cron/reconcile with the cron secret runs one.</Empty>
        ) : (
          <div className="mt-4 rounded-3xl border border-white/10 bg-white/5 p-6">
            <p className="text-sm text-white/50">Finished {when(reconcile.finishedAt)}</p>
            {reconcile.skipped ? (
              <p className="mt-2 font-semibold text-white/80">Skipped: {reconcile.skipped}</p>
            ) : (
              <>
                <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
                  {[
                    ["Checked", reconcile.checked],
                    ["Drifted", reconcile.drifted.length],
                    ["Corrected", reconcile.corrected.length],
                    ["Errors", reconcile.errors.length],
                  ].map(([label, value]) => (
                    <div key={label}>
                      <dt className="text-xs font-semibold uppercase tracking-widest text-white/55">{label}</dt>
                      <dd className={`text-2xl font-black ${label === "Drifted" && Number(value) > 0 ? "text-amber-300" : ""}`}>{value}</dd>
                    </div>
                  ))}
                </dl>
                {reconcile.drifted.length > 0 && (
                  <ul className="mt-4 space-y-1 text-sm">
                    {reconcile.drifted.map((d) => (
                      <li key={d.subscription_id} className="break-words">
                        <span className="font-semibold">Subscription {d.subscription_id}</span>
                        <span className="text-white/50"> · {d.fields.join(", ")}</span>
                        <span className={reconcile.corrected.includes(d.subscription_id) ? "text-cyan-300" : "text-amber-300"}>
                          {reconcile.corrected.includes(d.subscription_id) ? " · corrected" : " · not corrected"}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
                {reconcile.errors.length > 0 && (
                  <ul className="mt-4 space-y-1 text-sm text-amber-300">
                    {reconcile.errors.map((e, i) => (
                      <li key={`${e.subscription_id}-${i}`} className="break-words">
                        {e.subscription_id ? `Subscription ${e.subscription_id}: ` : ""}
                        {e.error}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>
        )}
      </Section>

      <Section title="Audit log" hint="The latest admin actions." testId="audit">
        {audit.length === 0 ? (
          <Empty>No admin action yet.</Empty>
        ) : (
          <div className="mt-4 overflow-x-auto rounded-3xl border border-white/10">
            <table className="w-full min-w-[680px] text-left text-sm">
              <thead className="bg-white/5 text-white/50">
                <tr>
                  <th className="px-4 py-3 font-semibold">When</th>
                  <th className="px-4 py-3 font-semibold">Admin</th>
                  <th className="px-4 py-3 font-semibold">Action</th>
                  <th className="px-4 py-3 font-semibold">Details</th>
                </tr>
              </thead>
              <tbody>
                {audit.map((a) => (
                  <tr key={a.id} className="border-t border-white/5 align-top">
                    <td className="whitespace-nowrap px-4 py-3 text-white/50">{when(a.createdAt)}</td>
                    <td className="max-w-[12rem] truncate px-4 py-3 text-white/70" title={a.adminId}>
                      {a.adminEmail ?? a.adminId}
                    </td>
                    <td className="px-4 py-3">
                      <span className="font-semibold">{ACTIONS[a.action] ?? a.action}</span>
                      {a.targetUserId && <span className="block text-xs text-white/55">{a.targetEmail ?? a.targetUserId}</span>}
                    </td>
                    <td className="px-4 py-3 text-white/60">
                      {a.action === "adjust_credits"
                        ? `${Number(a.details.delta) > 0 ? "+" : ""}${formatCount(Number(a.details.delta))} credits: ${String(a.details.reason)}`
                        : a.action === "replay_webhook"
                          ? `Event #${String(a.details.event_id)} (${String(a.details.event_name)}): ${String(a.details.result)}`
                          : JSON.stringify(a.details)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}
