// `npx tsx scripts/plan-cost.ts`: what PostgreSQL spends planning versus running the statements
// marked `prepared` (core's db/prepared.ts) — the figures read from the rollups — on the
// synthetic data in the benchmark's database (DATABASE_URL names the server; --database the
// database, chapters_bench unless said; --scale the synthetic scale it holds).
//
// It sends one province dashboard through a stack in this process as the province's officer,
// keeps the marked statements it sent (text and parameters), then on a connection of its own
// runs each: EXPLAIN (ANALYZE, BUFFERS) (planning and execution time, as PostgreSQL reports
// them), then N times unnamed (planned at every Bind, as Prisma's adapter sends a raw query) and
// N times named (planned once; pg_prepared_statements says how many custom and generic plans
// the session made), and prints the backend's CPU per run (/proc, so it does not depend on what
// else the machine runs) and the median round trip of each.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { preparedLabel, signDevUserToken } from "@chapters/core";
import { startStack, subgraphModules } from "@chapters/stack";
import pg from "pg";
import { benchOperations } from "../bench/operations.ts";
import { SCALES } from "./synthetic.ts";

const { values: options } = parseArgs({ options: { database: { type: "string", default: "chapters_bench" }, scale: { type: "string", default: "national" }, runs: { type: "string", default: "30" }, plans: { type: "boolean", default: false } } });
const RUNS = Number(options.runs);
const url = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
url.pathname = `/${options.database}`;
const PREFIX = SCALES[options.scale]!.organization.prefix;

interface Captured {
  label: string;
  text: string;
  values: unknown[];
}
const captured = new Map<string, Captured>();
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const config = args[0] as { text?: string; values?: unknown[] } | undefined;
  const label = typeof config?.text === "string" ? preparedLabel(config.text) : undefined;
  if (label && !captured.has(label)) captured.set(label, { label, text: config!.text!, values: config!.values ?? [] });
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

async function sendProvinceDashboard(): Promise<void> {
  const stack = await startStack({ port: 0, databaseUrls: Object.fromEntries(subgraphModules.map((m) => [m.name, url.toString()])), seedDemo: false });
  try {
    const province = `${PREFIX}1`;
    const op = benchOperations({ province, commune: `${PREFIX}1.D1.C1`, donorIds: [], donatedOn: "2026-11-20", donorPhone: () => "" }).find((o) => o.name.startsWith("province dashboard"))!;
    const token = await signDevUserToken({ sub: `officer@${province}`, chapter: province, role: "OFFICER" });
    const response = await fetch(stack.gateway.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(op.body(0)) });
    const body = (await response.json()) as { errors?: unknown[]; data?: { chapter?: { children?: { nodes?: unknown[] } } } };
    if (body.errors) throw new Error(`the province dashboard failed: ${JSON.stringify(body.errors).slice(0, 400)}`);
    console.log(`province dashboard ${province}: ${body.data?.chapter?.children?.nodes?.length ?? 0} communes`);
  } finally {
    await stack.stop();
  }
}

/** CPU ms the backend `pid` has used so far (user + system, /proc/<pid>/stat, in clock ticks of 10 ms). */
async function backendCpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Each run's wall time, and the backend's CPU ms per run over all of them (CPU does not depend on
 * what else the machine runs; wall time does). */
async function timed(client: pg.Client, pid: number, config: pg.QueryConfig, runs: number): Promise<{ times: number[]; cpuMs: number }> {
  const times: number[] = [];
  const cpuBefore = await backendCpuMs(pid);
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await client.query(config);
    times.push(performance.now() - started);
  }
  return { times, cpuMs: ((await backendCpuMs(pid)) - cpuBefore) / runs };
}

/** `value` as a literal of an EXECUTE (which takes no bound parameters), as pg would send it. */
function literal(client: pg.Client, value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return client.escapeLiteral(`{${value.map((v) => `"${String(v)}"`).join(",")}}`);
  return client.escapeLiteral(String(value));
}

/** the median: on a machine other work shares, less moved by a stall than the mean */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(statement: Captured): Promise<void> {
  const schema = statement.label.split("-")[0]!;
  const client = new pg.Client({ connectionString: url.toString(), options: `-c search_path=${schema} -c jit=off` });
  await client.connect();
  try {
    const values = statement.values as unknown[];
    const pid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
    let explain: string[] = [];
    for (let i = 0; i < 3; i++) explain = (await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, values })).rows.map((r) => r["QUERY PLAN"] as string);
    if (options.plans) console.log(`${statement.label}:\n${explain.join("\n")}`);
    const planning = explain.find((l) => l.startsWith("Planning Time"));
    const execution = explain.find((l) => l.startsWith("Execution Time"));
    const planningBuffers = explain.find((l, i) => l.trim().startsWith("Buffers") && explain[i - 1]?.startsWith("Planning"));
    const unnamed = await timed(client, pid, { text: statement.text, values }, RUNS);
    const name = `plan_cost_${statement.label}`;
    await timed(client, pid, { name, text: statement.text, values }, 6); // the five custom plans, then the generic one
    const named = await timed(client, pid, { name, text: statement.text, values }, RUNS);
    if (options.plans) {
      const generic = (await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS) EXECUTE "${name}"(${values.map((v) => literal(client, v)).join(", ")})` })).rows.map((r) => r["QUERY PLAN"] as string);
      console.log(`${statement.label}, named, its plan now:\n${generic.join("\n")}`);
    }
    const plans = (await client.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1`, [name])).rows[0];
    console.log(
      `${statement.label}: EXPLAIN ANALYZE (warm, 3rd run): ${planning}, ${execution}${planningBuffers ? ` (planning ${planningBuffers.trim()})` : ""}; ` +
        `over ${RUNS} runs each: unnamed — PostgreSQL CPU ${unnamed.cpuMs.toFixed(2)} ms a run, round trip median ${median(unnamed.times).toFixed(1)} (min ${Math.min(...unnamed.times).toFixed(1)}) ms; ` +
        `named, after its first six runs — CPU ${named.cpuMs.toFixed(2)} ms, round trip median ${median(named.times).toFixed(1)} (min ${Math.min(...named.times).toFixed(1)}) ms; ` +
        `named: ${plans.custom_plans} custom plans, ${plans.generic_plans} generic`,
    );
  } finally {
    await client.end();
  }
}

await sendProvinceDashboard();
for (const statement of captured.values()) await measure(statement);
if (captured.size === 0) console.log("no statement marked prepared was sent");
