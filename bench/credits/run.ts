// npm run bench:credits: reservations per second and latency through our SQL functions against a
// real PostgreSQL, on one hot user and spread over many users, next to the same debit as one bare
// SQL statement. Prints a table; "oversold" counts credits granted beyond a balance (must be 0).
import postgres from "postgres";
import { randomBytes } from "node:crypto";
import { planRules } from "../../lib/catalog";
import { reserveGeneration } from "../../lib/db/functions/credits";
import { migrate } from "../../lib/db/migrations";
import { openPostgres } from "../../lib/db/postgres";
import type { SqlDb } from "../../lib/db/types";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const SPREAD_OPS = Number(process.env.BENCH_SPREAD_OPS ?? 60_000);
const HOT_OPS = Number(process.env.BENCH_HOT_OPS ?? 15_000);
const PRICE = 3;
// Every plan may run the standard model and has no practical jobs-in-flight limit: the benchmark
// measures the money step, not the plan rules.
const UNLIMITED_PLANS = Object.fromEntries(
  Object.entries(planRules()).map(([id, rule]) => [id, { ...rule, jobs_in_flight: 1_000_000_000 }]),
);

type Row = { scenario: string; ops: number; ok: number; seconds: number; latencies: number[]; oversold: number | string };

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `ops` calls of `call(i)` with `CONNECTIONS` callers at once; returns timings and successes. */
async function drive(ops: number, call: (i: number) => Promise<boolean>) {
  const latencies = new Array<number>(ops);
  let next = 0;
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let i = next++; i < ops; i = next++) {
        const t = performance.now();
        if (await call(i)) ok++;
        latencies[i] = performance.now() - t;
      }
    }),
  );
  return { ok, seconds: (performance.now() - started) / 1000, latencies };
}

async function setUp(url: string) {
  const name = `nexora_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = openPostgres(target.toString(), { max: CONNECTIONS });
  await migrate(db);
  const drop = async () => {
    await db.close();
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  return { db, drop };
}

async function oversoldOf(db: SqlDb, userFilter: string, startBalance: number) {
  // Credits handed out beyond what each user held, and any drift between ledger and balance.
  const [row] = await db.query<{ oversold: number; drift: number }>(`
    select coalesce(sum(greatest(spent - ${startBalance}, 0)), 0)::bigint as oversold,
           coalesce(sum(abs(l.total - c.balance)), 0)::bigint as drift
      from user_credits c
      join (select user_id, sum(delta) as total,
                   -sum(delta) filter (where reason = 'reserve') as spent
              from credit_ledger group by user_id) l using (user_id)
     where c.user_id like '${userFilter}'`);
  if (row.drift !== 0) throw new Error(`ledger and balances drifted by ${row.drift}`);
  return row.oversold;
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL to a PostgreSQL server; the benchmark makes and drops its own database.");
  const { db, drop } = await setUp(url);
  const rows: Row[] = [];
  try {
    const spreadBalance = Math.ceil((SPREAD_OPS / USERS) * PRICE * 0.75); // a quarter of attempts must be refused
    await db.query(`select provision_user('spread_' || i, null, null, 0) from generate_series(1, ${USERS}) i`);
    await db.query(`select adjust_credits('spread_' || i, ${spreadBalance}, 'bench setup', null) from generate_series(1, ${USERS}) i`);
    await db.query(`select provision_user('hot', null, null, 0)`);
    const hotBalance = Math.floor(HOT_OPS * PRICE * 0.8);
    await db.query(`select adjust_credits('hot', ${hotBalance}, 'bench setup', null)`);
    await db.exec(`create table bench_raw (user_id text primary key, balance bigint not null check (balance >= 0));
      insert into bench_raw select 'spread_' || i, ${spreadBalance} from generate_series(1, ${USERS}) i;
      insert into bench_raw values ('hot', ${hotBalance});
      analyze;`);

    const reserveFor = (user: string) =>
      reserveGeneration(db, {
        userId: user,
        kind: "image",
        model: "flux-schnell",
        provider: "replicate",
        prompt: "benchmark prompt",
        params: { aspect: "1:1" },
        price: PRICE,
        access: "standard",
        plans: UNLIMITED_PLANS,
        timeoutSeconds: 180,
      });
    const bareDebit = async (user: string) =>
      (await db.query(`update bench_raw set balance = balance - $2 where user_id = $1 and balance >= $2 returning balance`, [user, PRICE])).length === 1;
    const spreadUser = (i: number) => `spread_${(Math.imul(i, 2654435761) >>> 0) % USERS + 1}`;

    await drive(2_000, (i) => bareDebit(spreadUser(i + 7))); // warm-up: prepared statements, caches
    await db.exec(`update bench_raw set balance = ${spreadBalance} where user_id like 'spread_%'`);

    const spread = await drive(SPREAD_OPS, async (i) => (await reserveFor(spreadUser(i))).code === "ok");
    rows.push({ scenario: `reserve_generation, spread over ${USERS} users`, ops: SPREAD_OPS, ...spread, oversold: await oversoldOf(db, "spread_%", spreadBalance) });

    const hot = await drive(HOT_OPS, async () => (await reserveFor("hot")).code === "ok");
    rows.push({ scenario: "reserve_generation, one hot user", ops: HOT_OPS, ...hot, oversold: await oversoldOf(db, "hot", hotBalance) });

    const rawSpread = await drive(SPREAD_OPS, (i) => bareDebit(spreadUser(i)));
    rows.push({ scenario: "bare UPDATE debit, spread (floor)", ops: SPREAD_OPS, ...rawSpread, oversold: "n/a" });

    const rawHot = await drive(HOT_OPS, () => bareDebit("hot"));
    rows.push({ scenario: "bare UPDATE debit, one hot row (floor)", ops: HOT_OPS, ...rawHot, oversold: "n/a" });

    const expectedHotOk = Math.floor(hotBalance / PRICE);
    if (hot.ok !== expectedHotOk) throw new Error(`hot user: ${hot.ok} reservations succeeded, ${expectedHotOk} were affordable`);
  } finally {
    await drop();
  }

  const header = ["scenario", "ops", "succeeded", "ops/s", "p50 ms", "p99 ms", "oversold"];
  const table = rows.map((r) => {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    return [r.scenario, String(r.ops), String(r.ok), Math.round(r.ops / r.seconds).toLocaleString("en-US"), percentile(sorted, 50).toFixed(2), percentile(sorted, 99).toFixed(2), String(r.oversold)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\nCredits benchmark: ${CONNECTIONS} connections, price ${PRICE}, PostgreSQL via postgres.js\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of table) console.log(line(row));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
