import type { z } from "zod";
import { AdjustCreditsRequest, UsersQuery } from "@/lib/admin/schema";
import { SignIn } from "@/lib/auth/sign-in-request";
import { CheckoutRequest, LocalCheckoutRequest } from "@/lib/billing/schema";
import { CalendarRange, EntryCreate, EntryPatch } from "@/lib/calendar/schema";
import { CharacterRename } from "@/lib/director/characters";
import { DirectorRequest, ImageRequest, VideoRequest } from "@/lib/generations/schema";
import { HistoryQuery } from "@/lib/history/schema";
import { AssistantRequest } from "@/lib/text/assistant";
import { BrandInput } from "@/lib/text/brand";
import { KitRequest } from "@/lib/text/marketing-kit-schema";
import { ReportRequest } from "@/lib/text/production-report";
import { ThreadRename } from "@/lib/text/threads";

// Every route of the public API, described from the same zod schemas the routes parse with, so the
// OpenAPI document (`/api/openapi.json`) cannot drift from what the routes accept. A route on disk
// without an operation here fails the test that walks app/api.

export type Access =
  | "user" // a signed-in user (Clerk session or the local sign-in); 401 otherwise
  | "admin" // a user in ADMIN_USERS; everyone else gets a 404
  | "cron" // `Authorization: Bearer CRON_SECRET`
  | "signature" // a provider's or Lemon Squeezy's signed webhook
  | "signed-link" // a short-lived signed link's own query parameters
  | "public";

export type Operation = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI style: `/api/generations/{id}`. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Status codes this operation answers besides SPEC section 4's errors, with what they mean. */
  responses: Record<string, string>;
  /** What a success answers with, when it is not JSON. */
  produces?: string;
  /** The request carries an `Idempotency-Key` header. */
  idempotent?: boolean;
};

const ok = (what: string) => ({ "200": what });

export const OPERATIONS: readonly Operation[] = [
  { method: "GET", path: "/api/health", summary: "Liveness; with ?detail=1 and the cron secret, the deployment report", access: "public", responses: ok("Healthy") },
  { method: "GET", path: "/api/me", summary: "The signed-in user: id, email, plan, balance", access: "user", responses: ok("The user") },
  { method: "POST", path: "/api/auth/local", summary: "Sign in with an email (embedded default only)", access: "public", body: SignIn, responses: ok("Signed in; the session cookie is set") },
  { method: "DELETE", path: "/api/auth/local", summary: "Sign out", access: "public", responses: ok("Signed out") },

  { method: "POST", path: "/api/image/generate", summary: "Generate an image: 200 with outputs, or 202 while it runs", access: "user", body: ImageRequest, idempotent: true, responses: { "200": "Finished", "202": "Running" } },
  { method: "POST", path: "/api/video/generate", summary: "Generate a video, or animate one of the user's images (imageFrom); 202", access: "user", body: VideoRequest, idempotent: true, responses: { "202": "Running" } },
  { method: "POST", path: "/api/video/director", summary: "A Director shot (character, keyframe, shot) from anchors or a saved character; 202", access: "user", body: DirectorRequest, idempotent: true, responses: { "202": "Running" } },
  { method: "GET", path: "/api/generations", summary: "History, newest first, with an opaque cursor", access: "user", query: HistoryQuery, responses: ok("A page of generations") },
  { method: "GET", path: "/api/generations/{id}", summary: "One generation, refreshed from its provider while it runs", access: "user", responses: ok("The generation") },
  { method: "POST", path: "/api/generations/{id}/cancel", summary: "Cancel a job its provider has not started; refunded once", access: "user", responses: { "200": "Cancelled and refunded", "409": "Already started or finished" } },
  { method: "PUT", path: "/api/generations/{id}/favourite", summary: "Mark one of the user's generations a favourite", access: "user", responses: ok("{ favourite: true }") },
  { method: "DELETE", path: "/api/generations/{id}/favourite", summary: "Unmark a favourite", access: "user", responses: ok("{ favourite: false }") },
  { method: "GET", path: "/api/generations/{id}/ledger", summary: "The credits one generation moved: its reservation (the charge once it succeeds) and a refund with why", access: "user", responses: ok("{ rows: [{ delta, reason, balanceAfter, createdAt, note }] }") },
  { method: "GET", path: "/api/artifacts/{id}/{file}", summary: "A stored output of the user's own generation", access: "user", produces: "image/* or video/*", responses: { "200": "The file", "302": "A short-lived storage link" } },
  { method: "GET", path: "/api/files/{key}", summary: "A stored file through a short-lived signed link (for providers)", access: "signed-link", produces: "image/* or video/*", responses: ok("The file") },
  { method: "GET", path: "/api/characters", summary: "The user's saved Director characters", access: "user", responses: ok("Characters") },
  { method: "GET", path: "/api/characters/{id}", summary: "One saved character", access: "user", responses: ok("The character") },
  { method: "PATCH", path: "/api/characters/{id}", summary: "Rename a saved character", access: "user", body: CharacterRename, responses: ok("The character") },

  { method: "POST", path: "/api/assistant", summary: "Ask the marketing assistant, or answer a thread's last message again (regenerate); the answer streams as NDJSON lines (2 credits)", access: "user", body: AssistantRequest, produces: "application/x-ndjson", responses: ok("The answer, streamed") },
  { method: "GET", path: "/api/assistant/threads", summary: "The user's assistant threads", access: "user", responses: ok("Threads") },
  { method: "GET", path: "/api/assistant/threads/{id}", summary: "One thread with its messages", access: "user", responses: ok("The thread") },
  { method: "PATCH", path: "/api/assistant/threads/{id}", summary: "Rename a thread", access: "user", body: ThreadRename, responses: ok("The thread") },
  { method: "DELETE", path: "/api/assistant/threads/{id}", summary: "Delete a thread", access: "user", responses: { "204": "Deleted" } },
  { method: "GET", path: "/api/brand", summary: "The user's brand profile", access: "user", responses: ok("The brand") },
  { method: "PUT", path: "/api/brand", summary: "Save the brand profile", access: "user", body: BrandInput, responses: ok("The brand") },
  { method: "POST", path: "/api/marketing/generate", summary: "Write a marketing kit from a brief (4 credits)", access: "user", body: KitRequest, responses: ok("The kit") },
  { method: "GET", path: "/api/marketing/kits", summary: "The user's marketing kits", access: "user", responses: ok("Kits") },
  { method: "GET", path: "/api/marketing/kits/{id}", summary: "One marketing kit", access: "user", responses: ok("The kit") },
  { method: "POST", path: "/api/reports/production", summary: "A production report for a period (5 credits): figures from SQL, narrative by the model", access: "user", body: ReportRequest, responses: ok("The report") },
  { method: "GET", path: "/api/reports", summary: "The user's reports", access: "user", responses: ok("Reports") },
  { method: "GET", path: "/api/reports/{id}", summary: "One report; ?format=md for Markdown", access: "user", produces: "application/json or text/markdown", responses: ok("The report") },
  { method: "GET", path: "/api/calendar", summary: "The user's planned posts in a range (?from&to: dates or instants, at most 400 days)", access: "user", query: CalendarRange, responses: ok("Entries") },
  { method: "POST", path: "/api/calendar", summary: "Plan a post: an instant, a channel, a title, notes, an attached generation or kit", access: "user", body: EntryCreate, responses: { "201": "The entry" } },
  { method: "PATCH", path: "/api/calendar/{id}", summary: "Move, edit, publish or unpublish a planned post", access: "user", body: EntryPatch, responses: ok("The entry") },
  { method: "DELETE", path: "/api/calendar/{id}", summary: "Delete a planned post", access: "user", responses: { "204": "Deleted" } },
  { method: "GET", path: "/api/calendar/export", summary: "The planned posts in a range as an iCalendar (.ics) file", access: "user", query: CalendarRange, produces: "text/calendar", responses: ok("The .ics file") },

  { method: "POST", path: "/api/lemon/checkout", summary: "A checkout link for a plan, or the quote and confirmation of a plan switch", access: "user", body: CheckoutRequest, responses: ok("A checkout URL or a quote") },
  { method: "GET", path: "/api/lemon/portal", summary: "The customer portal link", access: "user", responses: ok("The portal URL") },
  { method: "POST", path: "/api/lemon/local-checkout", summary: "The embedded default's checkout and portal actions (nothing is charged)", access: "user", body: LocalCheckoutRequest, responses: ok("The new plan and balance") },
  { method: "POST", path: "/api/webhooks/lemon", summary: "Lemon Squeezy webhooks (X-Signature HMAC)", access: "signature", responses: ok("Processed or ignored") },
  { method: "POST", path: "/api/webhooks/fal", summary: "fal completion webhooks (Ed25519 against fal's JWKS)", access: "signature", responses: ok("Applied") },
  { method: "POST", path: "/api/webhooks/replicate", summary: "Replicate completion webhooks (standard-webhooks HMAC)", access: "signature", responses: ok("Applied") },
  { method: "GET", path: "/api/cron/sweep", summary: "Sweep: refresh quiet jobs, refund stale ones", access: "cron", responses: ok("The sweep's report") },
  { method: "POST", path: "/api/cron/sweep", summary: "Sweep (as GET)", access: "cron", responses: ok("The sweep's report") },
  { method: "GET", path: "/api/cron/reconcile", summary: "Reconcile subscriptions with Lemon Squeezy", access: "cron", responses: ok("The reconcile run") },
  { method: "POST", path: "/api/cron/reconcile", summary: "Reconcile (as GET)", access: "cron", responses: ok("The reconcile run") },

  { method: "GET", path: "/api/admin/users", summary: "Users by email or id, with plan and balance", access: "admin", query: UsersQuery, responses: ok("Users") },
  { method: "POST", path: "/api/admin/users/{id}/credits", summary: "An audited credit adjustment with a reason", access: "admin", body: AdjustCreditsRequest, responses: ok("The new balance") },
  { method: "GET", path: "/api/admin/jobs", summary: "Stuck and failing jobs by provider", access: "admin", responses: ok("Jobs") },
  { method: "GET", path: "/api/admin/webhooks", summary: "Failed and unfinished webhook events", access: "admin", responses: ok("Events") },
  { method: "POST", path: "/api/admin/webhooks/{id}/replay", summary: "Replay a stored webhook event", access: "admin", responses: ok("The replay's outcome") },
  { method: "GET", path: "/api/admin/audit", summary: "The admin audit log", access: "admin", responses: ok("Audit rows") },
  { method: "GET", path: "/api/admin/reconcile", summary: "The last reconcile run", access: "admin", responses: ok("The run") },
  { method: "GET", path: "/api/openapi.json", summary: "This description", access: "public", responses: ok("OpenAPI 3.1") },
];
