// npm run bench:api: what the image generation path adds on top of a bare route. `next start`
// (production build) against a real PostgreSQL and an instant fake OpenAI; POST /api/image/generate
// (gpt-image-flare: auth, plan check, reserve, submit, durable copy of the output, complete) next to
// GET /api/health (auth-free, one database call) at concurrency 1 (p50/p99 added latency) and at
// saturation (throughput ratio). Prints a table and the verdict against the targets.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { adjustCredits, provisionUser } from "../../lib/db/functions/credits";
import { migrate } from "../../lib/db/migrations";
import { openPostgres } from "../../lib/db/postgres";
import { localUserId } from "../../lib/auth/local-session";
import { CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY, generateClerkKeys, mintSessionToken, sessionCookies } from "../../tests/auth/clerk-tokens";
import { startOpenAIFake } from "../../tests/fakes/openai-fake";
import { buildOnce, startNextServer } from "../support/next-server";

const BASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SERIAL_OPS = Number(process.env.BENCH_SERIAL_OPS ?? 2_000);
const SATURATION_SECONDS = Number(process.env.BENCH_SATURATION_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WARMUP_OPS = Number(process.env.BENCH_WARMUP_OPS ?? 500);
const DIST = process.env.BENCH_DIST || ".next-bench";

type Call = (worker: number) => Promise<void>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function createDatabase() {
  const name = `nexora_bench_api_${randomBytes(4).toString("hex")}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), { max: 2 });
  await migrate(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close();
      const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function serial(ops: number, calls: Call[]): Promise<number[][]> {
  const latencies = calls.map(() => [] as number[]);
  for (let i = 0; i < ops; i++) {
    // Interleaved, so both routes see the same machine, caches and database state.
    for (let c = 0; c < calls.length; c++) {
      const t = performance.now();
      await calls[c](0);
      latencies[c].push(performance.now() - t);
    }
  }
  return latencies.map((l) => l.sort((a, b) => a - b));
}

async function saturate(seconds: number, call: Call): Promise<{ rps: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < end) {
        const t = performance.now();
        await call(worker);
        latencies.push(performance.now() - t);
        done++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: done / ((performance.now() - started) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main() {
  buildOnce(DIST, { NEXORA_TEST_BUILD: "1" });
  const database = await createDatabase();
  const fake = await startOpenAIFake();
  const users = Array.from({ length: CONCURRENCY }, (_, i) => `bench-${i}@bench.test`);
  for (const email of users) {
    const id = localUserId(email);
    await provisionUser(database.db, { userId: id, email, starterCredits: 15 });
    await adjustCredits(database.db, { userId: id, delta: 1_000_000_000, reason: "benchmark credits" });
  }
  // Signed in the way a production deployment with real providers is: Clerk, verifying session
  // tokens offline with CLERK_JWT_KEY (a LOCAL_AUTH=1 production server would be a demo
  // deployment, running the demo provider instead of the fake under test).
  const clerk = await generateClerkKeys();
  const server = await startNextServer(DIST, {
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: String(Math.max(10, CONCURRENCY)),
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "nexora-bench-")),
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
    CLERK_SECRET_KEY,
    CLERK_JWT_KEY: clerk.publicPem,
    CLERK_API_URL: "http://127.0.0.1:9",
    OPENAI_API_KEY: fake.apiKey,
    OPENAI_BASE_URL: fake.apiUrl,
    // The fake serves its output over plain http on loopback, which only this setting allows.
    UNSAFE_OUTPUT_FETCH_TEST_ORIGINS: fake.url,
    SWEEP_INTERVAL_SECONDS: "0",
    RATE_LIMIT_GENERATION: "1000000000/60",
  });
  try {
    const cookies = await Promise.all(
      users.map(async (email) =>
        sessionCookies(await mintSessionToken(clerk.privateKey, { sub: localUserId(email), email, azp: server.url, expOffset: 3600 })),
      ),
    );
    const body = JSON.stringify({ model: "gpt-image-flare", prompt: "a lighthouse at dusk", size: "1024x1024" });
    const health: Call = async () => {
      const res = await fetch(`${server.url}/api/health`);
      if (res.status !== 200) throw new Error(`health answered ${res.status}`);
      await res.arrayBuffer();
    };
    const image: Call = async (worker) => {
      const res = await fetch(`${server.url}/api/image/generate`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: cookies[worker] },
        body,
      });
      if (res.status !== 200) throw new Error(`image answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      fake.requests.length = 0;
    };

    // For the breakdown only: a signed-in route with one database call (session check + get_account).
    const me: Call = async (worker) => {
      const res = await fetch(`${server.url}/api/me`, { headers: { cookie: cookies[worker] } });
      if (res.status !== 200) throw new Error(`me answered ${res.status}`);
      await res.arrayBuffer();
    };

    // What the app asks of the provider for one image, called directly: the submit, whose answer
    // carries the image itself. LiteLLM and Portkey quote their overhead net of this part.
    const providerDirect: Call = async () => {
      const res = await fetch(`${fake.apiUrl}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${fake.apiKey}` },
        body: JSON.stringify({ model: "gpt-image-2.6-flare", prompt: "a lighthouse at dusk", size: "1024x1024", n: 1, quality: "medium", output_format: "png" }),
      });
      const { data } = (await res.json()) as { data: { b64_json: string }[] };
      if (!data[0]?.b64_json) throw new Error(`the provider answered ${res.status} without an image`);
      fake.requests.length = 0;
    };

    await serial(WARMUP_OPS, [health, image, me, providerDirect]);
    const [healthSerial, imageSerial, meSerial, providerSerial] = await serial(SERIAL_OPS, [health, image, me, providerDirect]);
    const healthSat = await saturate(SATURATION_SECONDS, health);
    const imageSat = await saturate(SATURATION_SECONDS, image);

    const p50Added = percentile(imageSerial, 50) - percentile(healthSerial, 50);
    const p99Added = percentile(imageSerial, 99) - percentile(healthSerial, 99);
    const ratio = imageSat.rps / healthSat.rps;
    const ms = (x: number) => x.toFixed(2);
    console.table([
      { route: "GET /api/health", "c=1 p50 ms": ms(percentile(healthSerial, 50)), "c=1 p99 ms": ms(percentile(healthSerial, 99)), [`c=${CONCURRENCY} req/s`]: healthSat.rps.toFixed(0), [`c=${CONCURRENCY} p50 ms`]: ms(healthSat.p50), [`c=${CONCURRENCY} p99 ms`]: ms(healthSat.p99) },
      { route: "POST /api/image/generate", "c=1 p50 ms": ms(percentile(imageSerial, 50)), "c=1 p99 ms": ms(percentile(imageSerial, 99)), [`c=${CONCURRENCY} req/s`]: imageSat.rps.toFixed(0), [`c=${CONCURRENCY} p50 ms`]: ms(imageSat.p50), [`c=${CONCURRENCY} p99 ms`]: ms(imageSat.p99) },
    ]);
    const providerP50 = percentile(providerSerial, 50);
    console.log(`the provider's own round trips (submit + output download, called directly) at c=1: p50 ${ms(providerP50)} ms; added latency net of them: p50 ${ms(p50Added - providerP50)} ms`);
    console.log(`for reference, GET /api/me (session + one database call) at c=1: p50 ${ms(percentile(meSerial, 50))} ms, p99 ${ms(percentile(meSerial, 99))} ms`);
    const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");
    console.log(`added latency at c=1: p50 ${ms(p50Added)} ms (${verdict(p50Added <= 2)} ≤ 2 ms), p99 ${ms(p99Added)} ms (${verdict(p99Added <= 5)} ≤ 5 ms)`);
    console.log(`throughput at c=${CONCURRENCY}: ${ratio.toFixed(2)}× the bare route (${verdict(ratio >= 0.8)} ≥ 0.8×)`);
  } finally {
    if (process.env.BENCH_SERVER_LOGS === "1") console.log(server.logs());
    await server.stop();
    await fake.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
