// npm run webhooks:replay -- <id...|--failed>: re-applies stored Lemon Squeezy events (by id, or
// all failed or unfinished ones) to the configured database: DATABASE_URL, or the PGlite in
// DATA_DIR (stop the app first: a PGlite folder has one owner).
import { openDb } from "../lib/db/open";
import { replayWebhookEvents, type ReplaySelection } from "../lib/billing/webhooks/replay-webhook-events";

function selectionOf(args: string[]): ReplaySelection {
  if (args.includes("--failed")) return { failed: true };
  const ids = args.map(Number);
  if (!ids.length || ids.some((id) => !Number.isInteger(id) || id <= 0)) {
    throw new Error("usage: npm run webhooks:replay -- <event id...> | --failed");
  }
  return { ids };
}

async function main() {
  const selection = selectionOf(process.argv.slice(2));
  const db = await openDb();
  try {
    const results = await replayWebhookEvents(db, selection);
    for (const r of results) {
      const detail = r.result.code === "failed" ? `: ${r.result.error}` : "";
      console.log(`#${r.id} ${r.event_name} (${r.before}) -> ${r.result.code}${detail}`);
    }
    console.log(`${results.length} event(s) replayed`);
    if (results.some((r) => r.result.code === "failed")) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
