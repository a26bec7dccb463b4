// Runs once when a server process starts. The sweeper's timer belongs to long-running Node
// servers only: not to the edge runtime (the condition below is compiled away there) and not
// to the build.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startSweeperTimer } = await import("./lib/generations/sweeper-timer");
    startSweeperTimer();
  }
}
