// Runs once when a server process starts. The sweeper's timer belongs to long-running Node
// servers only: not to the edge runtime (the condition below is compiled away there), not to
// the build, and not to Vercel's functions, which call /api/cron/sweep on a schedule instead.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build" && !process.env.VERCEL) {
    const { startSweeperTimer } = await import("./lib/generations/sweeper-timer");
    startSweeperTimer();
  }
}
