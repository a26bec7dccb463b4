import "server-only";
import type { Db } from "@/lib/db/types";
import { appliedMigrations } from "@/lib/db/functions/migrations";
import { migrationStatus } from "@/lib/db/migrations";
import { diagnoseEnvironment, hasErrors, type AreaReport } from "./diagnose-environment";

export type DeploymentReport = { ok: boolean; areas: AreaReport[] };

/**
 * The environment's areas with the database's own state added: which backend answered and
 * whether its migrations are current. `db` null means it could not be opened (`openError`).
 */
export async function deploymentReport(db: Db | null, env: Record<string, string | undefined> = process.env, openError?: unknown): Promise<DeploymentReport> {
  const areas = diagnoseEnvironment(env);
  const data = areas.find((a) => a.area === "data")!;
  const unreachable = db ? await appliedMigrations(db).then(() => null, (error: unknown) => error) : openError;
  if (!db || unreachable) {
    data.findings.push({ level: "error", text: `The database could not be reached: ${(unreachable as Error)?.message ?? String(unreachable)}` });
  } else {
    const migrations = await migrationStatus(db);
    data.findings.push(
      migrations.current
        ? { level: "ok", text: `Connected (${db.kind}); ${migrations.applied.length} migrations applied, none pending.` }
        : { level: "error", text: `Connected (${db.kind}); migrations pending: ${migrations.pending.join(", ")}. Run npm run db:migrate.` },
    );
  }
  return { ok: !hasErrors(areas), areas };
}
