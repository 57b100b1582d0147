// The many-caller suite `npm run bench` runs (scripts/bench-traffic.ts sends the traffic): each
// operation alone at several rates, the mixed profile, a province dashboard one at a time
// unloaded and the gateway's own overhead; then the verdict of each target, written to
// bench/results/many-callers.json, bench/results/many-callers.md and the bench-many markers of
// docs/benchmarks.md (`--quick` runs a short version and writes nothing).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { repoRoot, signDevUserToken } from "@chapters/core";
import pg from "pg";
import {
  gatewayOverhead,
  idleCpu,
  KIND_LABEL,
  machineLoad,
  MIX,
  oneAtATime,
  requestSource,
  runTraffic,
  startMeter,
  TARGET_P95,
  type Kind,
  type Population,
  type ServiceRef,
  type TrafficRun,
} from "./bench-traffic.ts";

interface Plan {
  profile: string;
  mix: [Kind, number][];
  rates: number[];
}

const ALONE = (kind: Kind): [Kind, number][] => [[kind, 1]];

const FULL: Plan[] = [
  { profile: "commune pages", mix: ALONE("commune"), rates: [50, 100, 200] },
  { profile: "province dashboards", mix: ALONE("province"), rates: [10, 20, 50] },
  { profile: "national dashboards", mix: ALONE("national"), rates: [10, 30] },
  { profile: "mixed", mix: MIX, rates: [50, 100] },
];
const QUICK: Plan[] = [
  { profile: "commune pages", mix: ALONE("commune"), rates: [50] },
  { profile: "province dashboards", mix: ALONE("province"), rates: [10] },
  { profile: "national dashboards", mix: ALONE("national"), rates: [5] },
  { profile: "mixed", mix: MIX, rates: [30] },
];

const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "—" : x < 10 ? x.toFixed(1) : x.toFixed(0));

export async function manyCallers(options: {
  gateway: string;
  organization: string;
  services: ServiceRef[];
  databaseUrl: string;
  database: string;
  population: Population;
  seconds: number;
  quick: boolean;
  /** only the profiles whose name contains this (nothing written) */
  only?: string;
  /** these rates instead of the plan's */
  rates?: number[];
  settle: (headers: Record<string, string>) => Promise<void>;
}): Promise<void> {
  const { population } = options;
  console.log(
    `many callers: ${population.provinces.length} provinces, ${population.communes.length} communes (each its own officer's token), ${population.centralStaff} central staff; ` +
      `${options.seconds} s per run, Poisson arrivals; load ${await machineLoad()}`,
  );
  console.log(`processes: ${options.services.map((s) => `${s.name} ${s.pid}`).join(", ")}`);
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  const draw = requestSource(population);
  const settleHeaders = { "content-type": "application/json", authorization: `Bearer ${await signDevUserToken({ chapter: "TW", role: "ADMIN", sub: "bench-settle" })}` };
  const traffic = (profile: string, mix: [Kind, number][], rate: number, seconds: number) =>
    runTraffic({ gateway: options.gateway, profile, mix, rate, seconds, draw, services: options.services, admin, database: options.database });
  const runs: TrafficRun[] = [];
  try {
    // the processes' code warmed (JIT) by a little of everything, not recorded
    await traffic("warm-up", MIX, options.quick ? 10 : 20, options.quick ? 2 : 5);
    await options.settle(settleHeaders);
    const idle = await idleCpu(options.services, admin, options.database, options.quick ? 2 : 5);
    console.log(`idle CPU, ms per second: ${Object.entries(idle).map(([n, x]) => `${n} ${x.toFixed(1)}`).join(", ")}`);
    // one at a time, the CPU of each request is its own: no queueing, no processes contending
    const alone: Record<string, { cpuMsPerRequest: Record<string, number> }> = {};
    let unloaded!: Awaited<ReturnType<typeof oneAtATime>>;
    for (const kind of ["province", "commune"] as const) {
      const count = options.quick ? 5 : kind === "province" ? 40 : 100;
      const meter = await startMeter(options.services, admin, options.database);
      const figures = await oneAtATime(options.gateway, kind, count, draw);
      const { cpu } = await meter.stop();
      const perRequest = Object.fromEntries(Object.entries(cpu).map(([n, x]) => [n, x / count]));
      perRequest["services + PostgreSQL"] = Object.entries(cpu).reduce((sum, [n, x]) => (n === "load generator" ? sum : sum + x), 0) / count;
      alone[kind] = { cpuMsPerRequest: perRequest };
      if (kind === "province") unloaded = figures;
      console.log(`${KIND_LABEL[kind]} one at a time, unloaded: p50 ${ms(figures.p50)} p95 ${ms(figures.p95)} ms, errors ${figures.errors} (load ${figures.load}); CPU ms/request ${Object.entries(perRequest).map(([n, x]) => `${n} ${x.toFixed(1)}`).join(", ")}`);
    }
    const overhead = await gatewayOverhead(options.gateway, options.organization, population.communes, options.quick ? 5 : 40);
    console.log(`gateway overhead at p50 (commune pages, distinct officers): ${ms(overhead.overhead)} ms (through the gateway ${ms(overhead.viaGateway)}, straight ${ms(overhead.direct)}; load ${overhead.load})`);
    for (const plan of (options.quick ? QUICK : FULL).filter((p) => !options.only || p.profile.includes(options.only))) {
      for (const rate of options.rates ?? plan.rates) {
        await options.settle(settleHeaders);
        const run = await traffic(plan.profile, plan.mix, rate, options.seconds);
        runs.push(run);
        console.log(describe(run));
      }
    }
    const report = verdicts(runs, unloaded, overhead, alone);
    const lines = table(runs, unloaded, overhead, report, options.seconds, idle, alone);
    console.log(`\n${lines.join("\n")}`);
    if (options.quick || options.only) {
      console.log("bench: --quick or --only, so bench/ and docs/benchmarks.md are left as they were");
      return;
    }
    const dir = path.join(repoRoot, "bench", "results");
    await mkdir(dir, { recursive: true });
    const when = new Date().toISOString();
    await writeFile(
      path.join(dir, "many-callers.json"),
      JSON.stringify({ when, cpus: os.cpus().length, node: process.version, seconds: options.seconds, population: { provinces: population.provinces.length, communes: population.communes.length, centralStaff: population.centralStaff }, mix: MIX, idleCpuMsPerSecond: idle, unloaded, oneAtATimeCpu: alone, overhead, runs, verdicts: report }, null, 2) + "\n",
    );
    await writeFile(path.join(dir, "many-callers.md"), `# Many callers, every chapter (\`npm run bench\`)\n\n${lines.join("\n")}\n`);
    const doc = path.join(repoRoot, "docs", "benchmarks.md");
    const text = await readFile(doc, "utf8");
    const [start, end] = ["<!-- bench-many:start -->", "<!-- bench-many:end -->"];
    if (text.includes(start) && text.includes(end)) {
      await writeFile(doc, text.slice(0, text.indexOf(start) + start.length) + "\n" + lines.join("\n") + "\n" + text.slice(text.indexOf(end)));
    }
  } finally {
    await admin.end();
  }
}

function describe(run: TrafficRun): string {
  const kinds = Object.entries(run.perKind)
    .map(([kind, f]) => `${kind} p50 ${ms(f.p50)} p95 ${ms(f.p95)} p99 ${ms(f.p99)} (${f.requests}, ${f.errors} errors${f.firstError ? `: ${f.firstError.slice(0, 80)}` : ""})`)
    .join("; ");
  return `${run.profile} @${run.rate}/s (achieved ${run.achievedRate.toFixed(0)}/s, load ${run.loadBefore} → ${run.loadAfter}): ${kinds}; CPU ms/request ${cpuLine(run)}`;
}

function cpuLine(run: TrafficRun): string {
  return Object.entries(run.cpuMsPerRequest)
    .map(([name, x]) => `${name} ${x.toFixed(1)}`)
    .join(", ");
}

interface Verdict {
  target: string;
  measured: string;
  met: boolean;
}

type AloneCpu = Record<string, { cpuMsPerRequest: Record<string, number> }>;

function verdicts(runs: TrafficRun[], unloaded: { p95: number; p50: number }, overhead: { overhead: number }, alone: AloneCpu): Verdict[] {
  const at = (profile: string, rate: number) => runs.find((r) => r.profile === profile && r.rate === rate);
  const p95Under = (run: TrafficRun | undefined, kind: Kind, limit: number) => Boolean(run?.perKind[kind] && run.perKind[kind]!.p95 < limit && run.perKind[kind]!.errors === 0);
  const out: Verdict[] = [];
  const mixed = at("mixed", 100);
  if (mixed) {
    const kinds = Object.entries(mixed.perKind) as [Kind, NonNullable<TrafficRun["perKind"][Kind]>][];
    out.push({
      target: "mixed profile at 100/s: p95 < 150 ms for every operation, zero errors",
      measured: kinds.map(([k, f]) => `${KIND_LABEL[k]} p95 ${ms(f.p95)} ms, ${f.errors} errors`).join("; "),
      met: kinds.every(([, f]) => f.p95 < 150 && f.errors === 0),
    });
  }
  const province = at("province dashboards", 50);
  if (province) out.push({ target: "province dashboards alone at 50/s: p95 < 100 ms", measured: `p95 ${ms(province.perKind.province?.p95)} ms, ${province.perKind.province?.errors} errors`, met: p95Under(province, "province", 100) });
  out.push({ target: "a province dashboard one at a time, unloaded: < 30 ms", measured: `p50 ${ms(unloaded.p50)}, p95 ${ms(unloaded.p95)} ms`, met: unloaded.p95 < 30 });
  const commune = at("commune pages", 200);
  if (commune) out.push({ target: "commune pages alone at 200/s: p95 < 30 ms", measured: `p95 ${ms(commune.perKind.commune?.p95)} ms, ${commune.perKind.commune?.errors} errors`, met: p95Under(commune, "commune", 30) });
  const national = at("national dashboards", 30);
  if (national) out.push({ target: "national dashboard at 30/s: p95 < 150 ms", measured: `p95 ${ms(national.perKind.national?.p95)} ms, ${national.perKind.national?.errors} errors`, met: p95Under(national, "national", 150) });
  // CPU per request: one at a time (each request's own), and in the lightest run of the operation alone
  const cpuOf = (profile: string) => runs.find((r) => r.profile === profile)?.cpuMsPerRequest["services + PostgreSQL"];
  for (const [kind, profile, limit] of [["province", "province dashboards", 15], ["commune", "commune pages", 3]] as const) {
    const own = alone[kind]?.cpuMsPerRequest["services + PostgreSQL"];
    const loaded = cpuOf(profile);
    if (own === undefined) continue;
    out.push({
      target: `CPU per ${KIND_LABEL[kind]}, all processes: < ${limit} ms`,
      measured: `${own.toFixed(1)} ms one at a time${loaded === undefined ? "" : `, ${loaded.toFixed(1)} ms in the lowest-rate run`}`,
      met: own < limit,
    });
  }
  const peak: Record<string, number> = {};
  for (const run of runs) for (const [name, mb] of Object.entries(run.peakRssMb)) peak[name] = Math.max(peak[name] ?? 0, mb);
  out.push({
    target: "resident memory under load: gateway < 300 MB, each subgraph < 300 MB",
    measured: Object.entries(peak).map(([n, mb]) => `${n} ${mb} MB`).join(", "),
    met: Object.values(peak).every((mb) => mb < 300),
  });
  out.push({ target: "gateway overhead at p50 < 2 ms", measured: `${ms(overhead.overhead)} ms`, met: overhead.overhead < 2 });
  return out;
}

function table(runs: TrafficRun[], unloaded: { p50: number; p95: number; p99: number; errors: number; load: string }, overhead: { overhead: number; viaGateway: number; direct: number; load: string }, report: Verdict[], seconds: number, idle: Record<string, number>, alone: AloneCpu): string[] {
  const names = Object.keys(runs[0]?.cpuMsPerRequest ?? {});
  const rssNames = Object.keys(runs[0]?.peakRssMb ?? {});
  const rows: string[] = [];
  for (const run of runs) {
    for (const [kind, f] of Object.entries(run.perKind) as [Kind, NonNullable<TrafficRun["perKind"][Kind]>][]) {
      const first = kind === Object.keys(run.perKind)[0];
      rows.push(
        `| ${run.profile} | ${run.rate}/s${run.achievedRate < run.rate * 0.9 ? ` (sent ${run.achievedRate.toFixed(0)}/s)` : ""} | ${KIND_LABEL[kind]} (${f.requests}) | ${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)} | ${f.errors} | ${f.p95 < TARGET_P95[kind] && f.errors === 0 ? "yes" : "**no**"} | ` +
          `${first ? names.map((n) => run.cpuMsPerRequest[n]!.toFixed(1)).join(" / ") : "″"} | ${first ? rssNames.map((n) => run.peakRssMb[n]).join(" / ") : "″"} | ${first ? run.loadBefore.split(" ")[0] + " → " + run.loadAfter.split(" ")[0] : "″"} |`,
      );
    }
  }
  const highest = (kind: Kind, profile: string) => {
    const held = runs.filter((r) => r.profile === profile && r.perKind[kind] && r.perKind[kind]!.p95 < TARGET_P95[kind] && r.perKind[kind]!.errors === 0).map((r) => r.rate);
    return held.length ? `${Math.max(...held)}/s` : "none of the rates measured";
  };
  return [
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on this ${os.cpus().length}-core machine (services, PostgreSQL and the load generator all on it), national synthetic data, ${seconds} s per run, Poisson arrivals; every request for a chapter drawn from the whole tree with that chapter's officer's token (raw figures in \`bench/results/many-callers.json\`). "load" is the machine's 1-minute load average before → after the run.`,
    "",
    `| profile | rate | operation (requests) | p50 / p95 / p99 ms | errors | holds the p95 target | CPU ms per request: ${names.join(" / ")} | peak RSS MB: ${rssNames.join(" / ")} | load |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `Targets for p95 under load: commune page ${TARGET_P95.commune} ms, province dashboard ${TARGET_P95.province} ms, national dashboard ${TARGET_P95.national} ms (the mixed profile: 150 ms for every operation). ` +
      `Highest measured rate holding its target alone: commune pages ${highest("commune", "commune pages")}, province dashboards ${highest("province", "province dashboards")}, national dashboards ${highest("national", "national dashboards")}.`,
    `One province dashboard at a time, unloaded: p50 ${ms(unloaded.p50)} / p95 ${ms(unloaded.p95)} / p99 ${ms(unloaded.p99)} ms (load ${unloaded.load.split(" ")[0]}). ` +
      `Gateway overhead at p50 (commune pages, each a new officer): ${ms(overhead.overhead)} ms (${ms(overhead.viaGateway)} through the gateway, ${ms(overhead.direct)} straight to organization; load ${overhead.load.split(" ")[0]}).`,
    `CPU per request one at a time (each request's own, no queueing): ${Object.entries(alone).map(([k, a]) => `${KIND_LABEL[k as Kind]} ${Object.entries(a.cpuMsPerRequest).map(([n, x]) => `${n} ${x.toFixed(1)}`).join(", ")}`).join("; ")}.`,
    `CPU per request is each process's user + system time over the run (/proc/<pid>/stat; PostgreSQL: the backends connected to the benchmark's database) divided by the requests sent; it includes what the processes spend with no request at all, measured idle before the runs (ms of CPU per second: ${Object.entries(idle).filter(([n]) => n !== "load generator").map(([n, x]) => `${n} ${x.toFixed(1)}`).join(", ")}).`,
    "",
    "| target | measured | verdict |",
    "| --- | --- | --- |",
    ...report.map((v) => `| ${v.target} | ${v.measured} | ${v.met ? "met" : "**not met**"} |`),
  ];
}
