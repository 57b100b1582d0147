// `npm run bench`: measures the operations users run, through the gateway, on national-scale data
// in the PostgreSQL server (loopback only, bounded in time). Loads the synthetic data first if it
// is missing (scripts/synthetic.ts).
//
// By default it sends real traffic (scripts/bench-traffic.ts): many callers, each request for a
// chapter drawn from the whole national tree with that chapter's officer's token, open-loop at
// several fixed rates, per operation and as the mixed profile; the verdicts come from these runs.
// Results to bench/results/many-callers.json and .md and the bench-many markers in
// docs/benchmarks.md. `--quick`: a short smoke run of each profile (nothing written).
//
// `--best-case`: the former benchmark, one caller reading one chapter again and again (identical
// requests in flight share one subgraph call, one token is verified once, one chapter's rows stay
// hot). For each operation: a saturation run (fixed concurrency) and
// a fixed-rate run (100 requests/s), with p50/p95/p99, throughput, SQL statements per request and
// the processes' memory; the same query straight to its subgraph gives the gateway's own overhead.
// The services run as deployed: the gateway and each subgraph in a process of its own (the data is
// loaded by a stack in the benchmark's process first, then stopped). Results go to
// bench/results.json and to the table between the bench markers in docs/benchmarks.md.
//
// With `--processes 2` it runs two gateway processes, each in front of its own copy of every
// subgraph (eight subgraph processes), all on the same PostgreSQL and Redis,
// sends the clients' requests to both gateways in turn, and checks that they serve the benchmark
// correctly: every read answers the same through either gateway, and a donation recorded through
// one is counted when read through the other. Those results go to bench/results-processes.json
// and the table between the bench-processes markers.
//
//   npm run bench [-- --quick] [--seconds 10] [--only <part of a profile's name> [--rates 10,20]]
//   npm run bench -- --best-case [--scale national|small] [--seconds 5] [--rate 100] [--clients 8] [--processes 1|2] [--only <name part>]
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { INTERNAL_IDENTITY_HEADER, repoRoot, signDevUserToken, signInternalIdentity } from "@chapters/core";
import { startStack, type Stack, subgraphModules, startGatewayProcess, startSubgraphProcess, type ServiceProcess } from "@chapters/stack";
import pg from "pg";
import { benchOperations, type BenchOperation } from "../bench/operations.ts";
import { loadSynthetic, SCALES } from "./synthetic.ts";
import { ensureDatabase } from "../prisma/synthetic-database.ts";
import { manyCallers } from "./bench-traffic-report.ts";
import { percentile, type KindFigures } from "./bench-traffic.ts";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "national" },
    seconds: { type: "string" },
    "best-case": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    rate: { type: "string", default: "100" },
    clients: { type: "string", default: "8" },
    database: { type: "string", default: "chapters_bench" },
    processes: { type: "string", default: "1" },
    // measure only the operations whose name contains this (for a quick look: nothing is written)
    only: { type: "string" },
    // many callers: these rates (comma-separated) instead of each profile's own
    rates: { type: "string" },
  },
});
const BEST_CASE = values["best-case"] || values.processes !== "1";
const SECONDS = Number(values.seconds ?? (BEST_CASE ? 5 : values.quick ? 3 : 10));
const RATE = Number(values.rate);
const CLIENTS = Number(values.clients);
const PROCESSES = Number(values.processes);
const scale = SCALES[values.scale]!;
const PREFIX = scale.organization.prefix;

interface RunResult extends KindFigures {
  throughput: number;
  statementsPerRequest: number;
}

/** What a run sends its requests to: one gateway (or subgraph), or several taken in turn. */
interface Target {
  urls: string[];
  /** SQL statements sent so far by the subgraphs' request pools */
  statements: () => Promise<number>;
}

async function run(
  target: Target,
  headers: Record<string, string>,
  body: (i: number) => unknown,
  mode: { clients: number } | { rate: number },
  counter: { next: number },
): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const statementsBefore = await target.statements();
  const deadline = Date.now() + SECONDS * 1000;
  const one = async () => {
    const started = performance.now();
    const i = counter.next++;
    try {
      const response = await fetch(target.urls[i % target.urls.length]!, { method: "POST", headers, body: JSON.stringify(body(i)), signal: AbortSignal.timeout(deadline - Date.now() + 30_000) });
      const answer = (await response.json()) as { errors?: { message: string }[] };
      if (answer.errors?.length) {
        errors++;
        firstError ??= answer.errors[0]!.message;
      }
    } catch (error) {
      errors++;
      firstError ??= String(error);
    }
    latencies.push(performance.now() - started);
  };
  const started = Date.now();
  if ("clients" in mode) {
    await Promise.all(Array.from({ length: mode.clients }, async () => {
      while (Date.now() < deadline) await one();
    }));
  } else {
    // open-loop: send on schedule whatever the answers do, at most 500 in flight
    const inFlight = new Set<Promise<void>>();
    const interval = 1000 / mode.rate;
    for (let k = 0; Date.now() < deadline; k++) {
      const due = started + k * interval;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (inFlight.size >= 500) await Promise.race(inFlight);
      const p: Promise<void> = one().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  }
  const elapsed = (Date.now() - started) / 1000;
  const statements = (await target.statements()) - statementsBefore;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    firstError,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    throughput: latencies.length / elapsed,
    statementsPerRequest: statements / Math.max(1, latencies.length),
  };
}

/** Waits (at most a minute) until the stack answers a small query quickly again: requests that
 * the previous run abandoned may still be queued in the subgraphs. */
async function settle(url: string, headers: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    await fetch(url, { method: "POST", headers, body: JSON.stringify({ query: "{ me { role } }" }) }).catch(() => undefined);
    if (performance.now() - started < 200) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : "—");

/** The services as they are deployed: each subgraph and the gateway in a process of its own (so
 * they run side by side on the machine's cores, and the clients do not share the gateway's event
 * loop), all on one PostgreSQL. With several copies, each gateway fronts its own copy of every
 * subgraph and they share Redis (pub/sub, rate limit). */
interface Services {
  gateways: string[];
  /** the first copy's subgraph URLs, for the direct calls */
  subgraphs: Record<string, string>;
  /** SQL statements sent so far by every subgraph process's request pool */
  statements: () => Promise<number>;
  /** each process, by name (the first copy's), for its CPU and memory counters */
  processes: { name: string; pid: number }[];
  /** resident memory of the gateway processes and of the subgraph processes, MB */
  memory: () => Promise<{ gateways: number; subgraphs: number }>;
  stop: () => Promise<void>;
}

const SUBGRAPHS = ["organization", "blood", "humanitarian", "emulation"] as const;

/** the resident set of a process, from /proc (Linux), MB */
async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function startServices(databaseUrl: string, copies: number): Promise<Services> {
  const redis = copies > 1 ? (process.env.REDIS_URL ?? "redis://127.0.0.1:6379") : undefined;
  const started: ServiceProcess[] = [];
  const subgraphProcesses: ServiceProcess[] = [];
  try {
    const sets = await Promise.all(
      Array.from({ length: copies }, async () => {
        const organization = await startSubgraphProcess("organization", { databaseUrl, redisUrl: redis });
        started.push(organization);
        const others = await Promise.all(
          SUBGRAPHS.slice(1).map((name) => startSubgraphProcess(name, { databaseUrl, organizationUrl: organization.url, redisUrl: redis })),
        );
        started.push(...others);
        subgraphProcesses.push(organization, ...others);
        return Object.fromEntries([organization, ...others].map((p, i) => [SUBGRAPHS[i]!, p.url]));
      }),
    );
    const gateways = await Promise.all(sets.map((urls) => startGatewayProcess(urls, { ...(redis ? { REDIS_URL: redis } : {}), RATE_LIMIT: "100000000" })));
    started.push(...gateways);
    const counted = async (p: ServiceProcess) => {
      const text = await (await fetch(new URL("/metrics", p.url))).text();
      return Number(/chapters_sql_statements_total\{[^}]*\} (\d+)/.exec(text)?.[1] ?? NaN);
    };
    return {
      gateways: gateways.map((g) => g.url),
      subgraphs: sets[0]!,
      processes: [
        ...gateways.map((g, i) => ({ name: copies > 1 ? `gateway ${i + 1}` : "gateway", pid: g.pid })),
        ...subgraphProcesses.map((p, i) => ({ name: `${SUBGRAPHS[i % SUBGRAPHS.length]}${copies > 1 ? ` ${Math.floor(i / SUBGRAPHS.length) + 1}` : ""}`, pid: p.pid })),
      ],
      statements: async () => (await Promise.all(subgraphProcesses.map(counted))).reduce((a, b) => a + b, 0),
      memory: async () => ({
        gateways: (await Promise.all(gateways.map((g) => residentMb(g.pid)))).reduce((a, b) => a + b, 0),
        subgraphs: (await Promise.all(subgraphProcesses.map((p) => residentMb(p.pid)))).reduce((a, b) => a + b, 0),
      }),
      stop: async () => void (await Promise.all(started.map((p) => p.stop()))),
    };
  } catch (error) {
    await Promise.all(started.map((p) => p.stop()));
    throw error;
  }
}

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<{ data?: any; errors?: { message: string }[] }> {
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
}

/** Served correctly by several gateways: a read answers the same through each; a donation recorded
 * through one is counted when the donor is read through every other. Throws with what differed. */
async function checkServedAlike(gateways: string[], headers: Record<string, string>, op: BenchOperation, i: number): Promise<string> {
  if (op.name === "recording a donation") {
    const request = op.body(i);
    const donorId = (request.variables!.i as { donorId: string }).donorId;
    const count = `query($id: ID!) { donor(id: $id) { donationCount } }`;
    const before = await post(gateways.at(-1)!, headers, { query: count, variables: { id: donorId } });
    const recorded = await post(gateways[0]!, headers, request);
    if (recorded.errors?.length) throw new Error(`${op.name}: ${recorded.errors[0]!.message}`);
    for (const url of gateways.slice(1)) {
      const after = await post(url, headers, { query: count, variables: { id: donorId } });
      if (after.data?.donor?.donationCount !== before.data?.donor?.donationCount + 1) {
        throw new Error(`${op.name}: recorded through ${gateways[0]} but ${url} counts ${JSON.stringify(after)} (before: ${JSON.stringify(before)})`);
      }
    }
    return "a donation recorded through the first gateway is counted through the second";
  }
  const answers = await Promise.all(gateways.map((url) => post(url, headers, op.body(i))));
  const texts = answers.map((a) => JSON.stringify(a));
  if (answers[0]!.errors?.length) throw new Error(`${op.name}: ${answers[0]!.errors[0]!.message}`);
  if (texts.some((t) => t !== texts[0])) throw new Error(`${op.name}: the gateways answered differently:\n${texts.map((t) => t.slice(0, 300)).join("\n")}`);
  return `the same answer through both gateways (${texts[0]!.length} bytes)`;
}

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const url = new URL(server);
  url.pathname = `/${values.database}`;
  await ensureDatabase(url.toString());
  console.log(`bench: ${values.scale} data in ${url.host}${url.pathname}; ${SECONDS} s per run, ${RATE} requests/s, ${CLIENTS} clients at saturation; ${PROCESSES === 1 ? "a gateway process and a process per subgraph" : `${PROCESSES} gateway processes, each with its own process per subgraph`}`);

  // the data is loaded by the stack in this process; the measuring runs against services in
  // processes of their own, as deployed
  const stack: Stack = await startStack({
    port: 0,
    databaseUrls: Object.fromEntries(subgraphModules.map((m) => [m.name, url.toString()])),
    seedDemo: true,
  });
  let donorIds: string[];
  let phones: string[];
  let provinces: string[];
  let communes: string[];
  try {
    await loadSynthetic(stack, url.toString(), scale);
    const bloodDb = new pg.Client({ connectionString: url.toString(), options: "-c search_path=blood" });
    await bloodDb.connect();
    // donors whose last donation is long past, so each recorded donation is eligible
    donorIds = (await bloodDb.query(`SELECT d.id FROM "Donor" d WHERE d."nationalId" LIKE '8%'
      AND NOT EXISTS (SELECT 1 FROM "Donation" x WHERE x."donorId" = d.id AND x."donatedOn" > date '2026-07-01') ORDER BY d."nationalId" LIMIT 20000`)).rows.map((r) => r.id as string);
    // phones of donors in the province the lookup's caller heads: each lookup finds its donor
    phones = (await bloodDb.query(`SELECT d.phone FROM "Donor" d
      JOIN "TreeClosure" up ON up."descendantId" = d."chapterId" AND up."validTo" IS NULL
      JOIN "TreeChapter" p ON p.id = up."ancestorId" AND p.code = $1
      WHERE d.phone IS NOT NULL AND d."mergedIntoId" IS NULL ORDER BY d.phone LIMIT 1000`, [`${PREFIX}1`])).rows.map((r) => r.phone as string);
    await bloodDb.end();
    // the national tree as it stands today: every province and every commune
    const orgDb = new pg.Client({ connectionString: url.toString(), options: "-c search_path=organization" });
    await orgDb.connect();
    const today = (await orgDb.query(`SELECT c.code, v.level FROM "Chapter" c JOIN "ChapterVersion" v ON v."chapterId" = c.id AND v."validTo" IS NULL
      WHERE c.code LIKE $1 AND c."endedOn" IS NULL AND v.level IN ('PROVINCE', 'COMMUNE') ORDER BY c.code`, [`${PREFIX}%`])).rows as { code: string; level: string }[];
    provinces = today.filter((r) => r.level === "PROVINCE").map((r) => r.code);
    communes = today.filter((r) => r.level === "COMMUNE").map((r) => r.code);
    await orgDb.end();
  } finally {
    await stack.stop();
  }
  if (!BEST_CASE) {
    const services = await startServices(url.toString(), 1);
    try {
      await manyCallers({
        gateway: services.gateways[0]!,
        organization: services.subgraphs.organization!,
        services: services.processes,
        databaseUrl: url.toString(),
        database: values.database!,
        population: { provinces, communes, centralStaff: 200, recorders: 50, donorIds, donatedOn: "2026-11-20" },
        seconds: SECONDS,
        quick: values.quick!,
        only: values.only,
        rates: values.rates?.split(",").map(Number),
        settle: (headers) => settle(services.gateways[0]!, headers),
      });
    } finally {
      await services.stop();
    }
    return;
  }
  const results: Record<string, unknown>[] = [];
  const services = await startServices(url.toString(), PROCESSES);
  try {
    const target: Target = { urls: services.gateways, statements: services.statements };
    const direct = (subgraph: string): Target => ({ urls: [services.subgraphs[subgraph]!], statements: services.statements });
    const counter = { next: 0 };
    const scope = { province: `${PREFIX}1`, commune: `${PREFIX}1.D1.C1`, donorIds, donatedOn: "2026-11-20", donorPhone: (i: number) => phones[i % phones.length]! };
    for (const op of benchOperations(scope).filter((o) => !values.only || o.name.includes(values.only))) {
      const token = await signDevUserToken(op.caller, { expiresIn: "2h" });
      const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
      const served = PROCESSES > 1 ? await checkServedAlike(services.gateways, headers, op, counter.next++) : null;
      await settle(target.urls[0]!, headers);
      await run(target, headers, op.body, { clients: 2 }, counter); // warm-up
      const saturation = await run(target, headers, op.body, { clients: CLIENTS }, counter);
      // a rate far above what saturation sustains would only queue (and slow the next operation):
      // such an operation is reported as not sustaining the rate instead
      const sustainable = saturation.throughput >= RATE * 0.5;
      if (!sustainable) await settle(target.urls[0]!, headers);
      const fixed = sustainable ? await run(target, headers, op.body, { rate: RATE }, counter) : { ...saturation, notSustained: true };
      let overhead: number | null = null;
      if (op.direct && PROCESSES === 1) {
        const identity = await signInternalIdentity({ subject: "bench", chapterCode: op.caller.chapter, role: op.caller.role, grants: [] }, op.direct);
        const straight = await run(direct(op.direct), { "content-type": "application/json", [INTERNAL_IDENTITY_HEADER]: identity }, op.body, { clients: 1 }, counter);
        const viaGateway = await run(target, headers, op.body, { clients: 1 }, counter);
        overhead = viaGateway.p50 - straight.p50;
      }
      const memory = await services.memory();
      const row = {
        operation: op.name,
        saturation,
        fixedRate: fixed,
        gatewayOverheadP50: overhead,
        targetP95: op.targetP95 ?? null,
        sustained: !("notSustained" in fixed),
        pass: op.targetP95 === undefined ? null : !("notSustained" in fixed) && fixed.p95 < op.targetP95 && fixed.errors === 0,
        served,
        gatewayRssMb: memory.gateways,
        subgraphsRssMb: memory.subgraphs,
      };
      results.push(row);
      console.log(
        `${op.name}: ${"notSustained" in fixed ? `(does not sustain ${RATE}/s; saturation figures)` : `@${RATE}/s`} p50 ${ms(fixed.p50)} p95 ${ms(fixed.p95)} p99 ${ms(fixed.p99)} ms, errors ${fixed.errors}${fixed.firstError ? ` (${fixed.firstError.slice(0, 120)})` : ""}; ` +
          `saturation ${saturation.throughput.toFixed(1)}/s p50 ${ms(saturation.p50)} ms; ${fixed.statementsPerRequest.toFixed(1)} SQL/request` +
          (overhead === null ? "" : `; gateway +${ms(overhead)} ms at p50`) +
          (served ? `; ${served}` : ""),
      );
    }
  } finally {
    await services.stop();
  }
  if (values.only) console.log("bench: --only given, so bench/ and docs/benchmarks.md are left as they were");
  else await writeReport(results);
}

async function writeReport(results: Record<string, any>[]): Promise<void> {
  const dir = path.join(repoRoot, "bench");
  await mkdir(dir, { recursive: true });
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const split = PROCESSES > 1;
  const file = split ? "results-processes.json" : "results.json";
  await writeFile(path.join(dir, file), JSON.stringify({ when, scale: values.scale, processes: PROCESSES, seconds: SECONDS, rate: RATE, clients: CLIENTS, results }, null, 2) + "\n");
  const verdict = (r: Record<string, any>) => (r.pass === null ? "—" : r.pass ? "pass" : "**fail**");
  const sql = (r: Record<string, any>) => (Number.isFinite(r.fixedRate.statementsPerRequest) ? r.fixedRate.statementsPerRequest.toFixed(1) : "—");
  const lines = [
    `**Best case, not what users see** (one caller reading one chapter; the verdicts are the many-caller table's). Measured ${when} UTC on this 2-core machine, ${values.scale} synthetic data, ${SECONDS} s per run (\`npm run bench -- ${split ? `--processes ${PROCESSES}` : "--best-case"}\`; raw figures in \`bench/${file}\`)${split ? `: ${PROCESSES} gateway processes, each with its own process per subgraph, on one PostgreSQL and one Redis, requests sent to the gateways in turn` : ": the gateway and each subgraph in a process of its own, on one PostgreSQL"}.`,
    "",
    `| operation | p50 / p95 / p99 at ${RATE}/s (ms) | errors | throughput at saturation (${CLIENTS} clients) | SQL per request | ${split ? "served alike by both gateways" : "gateway overhead p50"} | target p95 | verdict |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${r.operation} | ${r.sustained ? "" : `not sustained (at saturation: `}${ms(r.fixedRate.p50)} / ${ms(r.fixedRate.p95)} / ${ms(r.fixedRate.p99)}${r.sustained ? "" : ")"} | ${r.fixedRate.errors} | ${r.saturation.throughput.toFixed(1)}/s | ${sql(r)} | ${split ? r.served : r.gatewayOverheadP50 === null ? "—" : `${ms(r.gatewayOverheadP50)} ms`} | ${r.targetP95 ? `< ${r.targetP95} ms` : "—"} | ${verdict(r)} |`,
    ),
    "",
    split
      ? `Resident memory after the runs: the ${PROCESSES} gateway processes ${results.at(-1)?.gatewayRssMb ?? "—"} MB, their ${PROCESSES * SUBGRAPHS.length} subgraph processes ${results.at(-1)?.subgraphsRssMb ?? "—"} MB (PostgreSQL not included).`
      : `Resident memory after the runs: the gateway process ${results.at(-1)?.gatewayRssMb ?? "—"} MB, the ${SUBGRAPHS.length} subgraph processes ${results.at(-1)?.subgraphsRssMb ?? "—"} MB together (PostgreSQL not included).`,
  ];
  const doc = path.join(repoRoot, "docs", "benchmarks.md");
  const text = await readFile(doc, "utf8");
  const start = split ? "<!-- bench-processes:start -->" : "<!-- bench:start -->";
  const end = split ? "<!-- bench-processes:end -->" : "<!-- bench:end -->";
  if (text.includes(start) && text.includes(end)) {
    await writeFile(doc, text.slice(0, text.indexOf(start) + start.length) + "\n" + lines.join("\n") + "\n" + text.slice(text.indexOf(end)));
  }
  console.log(`\n${lines.join("\n")}`);
}

await main();
