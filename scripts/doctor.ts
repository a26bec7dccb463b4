// npm run doctor: what this environment turns on, area by area, what is missing, and whether the
// database is reachable and migrated. Exits 1 on any setting that would lose money or let people
// in. Values of variables are never printed, only whether they are set.
import { openDb } from "../lib/db/open";
import type { Db } from "../lib/db/types";
import { deploymentReport } from "../lib/operations/deployment-report";

const MARK = { ok: "ok  ", warn: "warn", error: "FAIL" } as const;

async function main() {
  let db: Db | null = null;
  let openError: unknown;
  try {
    // Inspect only: never migrate from here, whatever MIGRATE_ON_START says.
    db = await openDb({ ...process.env, MIGRATE_ON_START: undefined });
  } catch (error) {
    openError = error;
  }
  try {
    const report = await deploymentReport(db, process.env, openError);
    for (const area of report.areas) {
      console.log(`${area.area}: ${area.mode}`);
      for (const f of area.findings) console.log(`  ${MARK[f.level]} ${f.text}`);
    }
    console.log(report.ok ? "\nNo setting here loses money or lets people in." : "\nFix the FAIL lines before serving users.");
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await db?.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
