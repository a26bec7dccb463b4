import type { SqlDb } from "../../lib/db/types";

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code;
}

/**
 * Runs one statement as a database role (null: as the connection's own) in a transaction that
 * leaves nothing behind, and answers "allowed" or the SQLSTATE it was refused with (42501 for a
 * missing privilege): how the privilege tests ask what anon and authenticated may do.
 */
export async function attemptAsRole(sql: SqlDb, role: string | null, statement: string, params: unknown[] = []): Promise<string> {
  try {
    await sql.transaction(async (query) => {
      if (role) await query(`set local role ${role}`);
      await query(statement, params);
    });
    return "allowed";
  } catch (error) {
    return errorCode(error) ?? String(error);
  }
}
