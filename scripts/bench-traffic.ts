// The many-caller benchmark (`npm run bench`): real dashboard traffic instead of one caller
// reading one chapter. Every request reads a chapter drawn from the whole national tree (every
// province, every commune; the national dashboard from one of many central staff), and carries its
// own officer's token (a distinct subject per chapter), so neither the gateway's deduplication of
// identical requests in flight (which keys on the caller) nor one caller's verified token nor one
// chapter's hot rows flatter the figures. Arrivals are open-loop: a Poisson process at a fixed mean
// rate, each request's latency counted from the moment it was due (a generator that falls behind
// does not hide the queue it would have met).
//
// Per operation and rate it reports p50/p95/p99, errors, the rate achieved, the CPU milliseconds
// per request each process spent (from the kernel's own counters, /proc/<pid>/stat: utime+stime,
// so the figure does not depend on what else the machine runs), the PostgreSQL backends of the
// benchmark's database included, and each process's peak resident memory during the run. Every
// run records the machine's load average beside its figures.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { INTERNAL_IDENTITY_HEADER, signDevUserToken, signInternalIdentity, type Role } from "@chapters/core";
import pg from "pg";
import { benchOperations, type BenchOperation } from "../bench/operations.ts";
import { mulberry32 } from "../prisma/organization/synthetic.ts";

/** Who may be asked: the chapters of the national tree and how many central staff there are. */
export interface Population {
  provinces: string[];
  communes: string[];
  /** distinct central staff reading the national dashboard */
  centralStaff: number;
  /** distinct central officers recording donations */
  recorders: number;
  donorIds: string[];
  donatedOn: string;
}

export interface ServiceRef {
  name: string;
  pid: number;
}

/** The operations of the traffic, each for a chapter the caller belongs to. */
export type Kind = "commune" | "province" | "national" | "donation";

export const KIND_LABEL: Record<Kind, string> = {
  commune: "a commune's page",
  province: "province dashboard",
  national: "national dashboard",
  donation: "recording a donation",
};

/** p95 targets (ms) under load, from the targets. */
export const TARGET_P95: Record<Kind, number> = { commune: 30, province: 100, national: 150, donation: 150 };

/** The mixed profile: 75% commune pages, 20% province dashboards, 5% national, of the reads;
 * 2% of all requests are recorded donations (a blood drive's desk recording one donor every few
 * minutes, at a few hundred drives at once nationally: ~2 donations/s against ~100 dashboard
 * reads/s on a busy day — dashboards are read far more often than a drive records). */
export const MIX: [Kind, number][] = [
  ["commune", 0.98 * 0.75],
  ["province", 0.98 * 0.2],
  ["national", 0.98 * 0.05],
  ["donation", 0.02],
];

/** A seeded generator: the same run draws the same chapters in the same order. */
export const seeded = mulberry32;

/** One request: what it asks, as whom. */
interface Drawn {
  kind: Kind;
  body: unknown;
  token: Promise<string>;
}

/** Draws requests: each a chapter of the kind chosen uniformly, with that chapter's officer's token. */
export function requestSource(population: Population, seed = 25) {
  const random = seeded(seed);
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (sub: string, chapter: string, role: Role) => {
    let token = tokens.get(sub);
    if (!token) tokens.set(sub, (token = signDevUserToken({ sub, chapter, role }, { expiresIn: "4h" })));
    return token;
  };
  let donation = 0;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const opsFor = (province: string, commune: string): Record<Kind, BenchOperation> => {
    const ops = benchOperations({ province, commune, donorPhone: () => "", donorIds: population.donorIds, donatedOn: population.donatedOn });
    return { national: ops[0]!, province: ops[1]!, commune: ops[2]!, donation: ops[5]! };
  };
  return (kind: Kind): Drawn => {
    switch (kind) {
      case "commune": {
        const commune = pick(population.communes);
        return { kind, body: opsFor("", commune).commune.body(0), token: tokenOf(`officer@${commune}`, commune, "OFFICER") };
      }
      case "province": {
        const province = pick(population.provinces);
        return { kind, body: opsFor(province, "").province.body(0), token: tokenOf(`officer@${province}`, province, "OFFICER") };
      }
      case "national": {
        const staff = Math.floor(random() * population.centralStaff);
        return { kind, body: opsFor("", "").national.body(0), token: tokenOf(`central-${staff}@TW`, "TW", "ADMIN") };
      }
      case "donation": {
        const staff = Math.floor(random() * population.recorders);
        // each donation a donor of its own: a donor gives once a day (BLOOD-INTERVAL)
        return { kind, body: opsFor("", "").donation.body(donation++), token: tokenOf(`recorder-${staff}@TW`, "TW", "OFFICER") };
      }
    }
  };
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time a process has used so far (user + system), ms; NaN when it is gone. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  // the command name may hold spaces: the fields that follow start after its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return stat ? ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS : NaN;
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** The machine's 1-minute load average and how many CPUs it has: beside every figure. */
export async function machineLoad(): Promise<string> {
  const text = await readFile("/proc/loadavg", "utf8").catch(() => "");
  return text.split(" ").slice(0, 3).join(" ");
}

/** The PostgreSQL backends serving the benchmark's database, with their CPU so far. */
async function postgresCpu(admin: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = await cpuMs(pid);
    if (Number.isFinite(ms)) out.set(pid, ms);
  }
  return out;
}

export interface Meter {
  /** CPU ms used since `start`, per process (and "postgres", "load generator") */
  stop(): Promise<{ cpu: Record<string, number>; peakRssMb: Record<string, number> }>;
}

/** Starts counting each process's CPU and sampling its resident memory (every 500 ms). */
export async function startMeter(services: ServiceRef[], admin: pg.Client, database: string): Promise<Meter> {
  const before = new Map(await Promise.all(services.map(async (s) => [s.name, await cpuMs(s.pid)] as const)));
  const pgBefore = await postgresCpu(admin, database);
  const ownBefore = process.cpuUsage();
  const peak: Record<string, number> = {};
  const sample = async () => {
    for (const s of services) peak[s.name] = Math.max(peak[s.name] ?? 0, await rssMb(s.pid));
  };
  await sample();
  const timer = setInterval(() => void sample(), 500);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      const cpu: Record<string, number> = {};
      for (const s of services) cpu[s.name] = (await cpuMs(s.pid)) - before.get(s.name)!;
      const pgAfter = await postgresCpu(admin, database);
      cpu.postgres = [...pgAfter].reduce((sum, [pid, ms]) => sum + ms - (pgBefore.get(pid) ?? 0), 0);
      const own = process.cpuUsage(ownBefore);
      cpu["load generator"] = (own.user + own.system) / 1000;
      return { cpu, peakRssMb: { ...peak } };
    },
  };
}

/** What each process spends with no request at all (pollers, timers, GC), ms of CPU per second:
 * the part of "CPU per request" that is not the requests' (it shrinks per request as the rate grows). */
export async function idleCpu(services: ServiceRef[], admin: pg.Client, database: string, seconds: number): Promise<Record<string, number>> {
  const meter = await startMeter(services, admin, database);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const { cpu } = await meter.stop();
  return Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, ms / seconds]));
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

/** Latencies of a set of requests, ms, and their errors. */
export interface KindFigures {
  requests: number;
  errors: number;
  firstError?: string;
  p50: number;
  p95: number;
  p99: number;
}

export interface TrafficRun {
  profile: string;
  rate: number;
  seconds: number;
  achievedRate: number;
  /** seconds from the first arrival to the last answer */
  elapsed: number;
  loadBefore: string;
  loadAfter: string;
  perKind: Partial<Record<Kind, KindFigures>>;
  /** CPU ms per request (all kinds of the run together), per process and summed over the services and PostgreSQL */
  cpuMsPerRequest: Record<string, number>;
  peakRssMb: Record<string, number>;
}

/** Sends `rate` requests/s (Poisson arrivals) of the profile for `seconds` to the gateway. */
export async function runTraffic(options: {
  gateway: string;
  profile: string;
  mix: [Kind, number][];
  rate: number;
  seconds: number;
  draw: (kind: Kind) => Drawn;
  services: ServiceRef[];
  admin: pg.Client;
  database: string;
  seed?: number;
}): Promise<TrafficRun> {
  const random = seeded(options.seed ?? 7);
  const chooseKind = (): Kind => {
    let r = random();
    for (const [kind, share] of options.mix) if ((r -= share) < 0) return kind;
    return options.mix.at(-1)![0];
  };
  const latencies = new Map<Kind, number[]>();
  const failures = new Map<Kind, { count: number; first?: string }>();
  const fail = (kind: Kind, why: string) => {
    const f = failures.get(kind) ?? { count: 0 };
    f.count++;
    f.first ??= why;
    failures.set(kind, f);
  };
  const loadBefore = await machineLoad();
  const meter = await startMeter(options.services, options.admin, options.database);
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const one = async (due: number, drawn: Drawn) => {
    try {
      const response = await fetch(options.gateway, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await drawn.token}` },
        body: JSON.stringify(drawn.body),
        signal: AbortSignal.timeout(30_000),
      });
      const answer = (await response.json()) as { errors?: { message: string }[] };
      if (!response.ok || answer.errors?.length) fail(drawn.kind, answer.errors?.[0]?.message ?? `HTTP ${response.status}`);
    } catch (error) {
      fail(drawn.kind, String(error));
    }
    const list = latencies.get(drawn.kind) ?? [];
    list.push(performance.now() - due);
    latencies.set(drawn.kind, list);
  };
  // open loop: the next arrival is due an exponential gap after the last, whatever the answers do
  let due = started;
  while (true) {
    due += (-Math.log(1 - random()) * 1000) / options.rate;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const p: Promise<void> = one(due, options.draw(chooseKind())).finally(() => inFlight.delete(p));
    inFlight.add(p);
    sent++;
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const measured = await meter.stop();
  const perKind: Partial<Record<Kind, KindFigures>> = {};
  for (const [kind, list] of latencies) {
    list.sort((a, b) => a - b);
    const f = failures.get(kind);
    perKind[kind] = { requests: list.length, errors: f?.count ?? 0, ...(f?.first ? { firstError: f.first.slice(0, 200) } : {}), p50: percentile(list, 50), p95: percentile(list, 95), p99: percentile(list, 99) };
  }
  const cpuMsPerRequest: Record<string, number> = {};
  let total = 0;
  for (const [name, ms] of Object.entries(measured.cpu)) {
    cpuMsPerRequest[name] = ms / Math.max(1, sent);
    if (name !== "load generator") total += ms;
  }
  cpuMsPerRequest["services + PostgreSQL"] = total / Math.max(1, sent);
  // the rate sent over the arrival window (the answers' tail after it is not sending time)
  return { profile: options.profile, rate: options.rate, seconds: options.seconds, achievedRate: sent / options.seconds, elapsed, loadBefore, loadAfter: await machineLoad(), perKind, cpuMsPerRequest, peakRssMb: measured.peakRssMb };
}

/** One request at a time, unloaded: `count` requests of one kind, each after the previous answered. */
export async function oneAtATime(gateway: string, kind: Kind, count: number, draw: (kind: Kind) => Drawn): Promise<KindFigures & { load: string }> {
  const list: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const load = await machineLoad();
  for (let i = 0; i < count; i++) {
    const drawn = draw(kind);
    const token = await drawn.token;
    const started = performance.now();
    const response = await fetch(gateway, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(drawn.body) });
    const answer = (await response.json()) as { errors?: { message: string }[] };
    list.push(performance.now() - started);
    if (answer.errors?.length) {
      errors++;
      firstError ??= answer.errors[0]!.message;
    }
  }
  list.sort((a, b) => a - b);
  return { requests: count, errors, ...(firstError ? { firstError } : {}), p50: percentile(list, 50), p95: percentile(list, 95), p99: percentile(list, 99), load };
}

/** The gateway's own overhead at p50: the same commune pages (distinct communes, each its own
 * officer) one at a time through the gateway and straight to organization, each measured on the
 * officer's second request (the first verifies its token on either path). */
export async function gatewayOverhead(gateway: string, organization: string, communes: string[], count: number): Promise<{ viaGateway: number; direct: number; overhead: number; load: string }> {
  const load = await machineLoad();
  const via: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < count; i++) {
    const commune = communes[(i * 97) % communes.length]!;
    const op = benchOperations({ province: "", commune, donorPhone: () => "", donorIds: [], donatedOn: "" })[2]!;
    const body = JSON.stringify(op.body(0));
    const token = await signDevUserToken({ sub: `officer@${commune}`, chapter: commune, role: "OFFICER" }, { expiresIn: "4h" });
    const identity = await signInternalIdentity({ subject: `officer@${commune}`, chapterCode: commune, role: "OFFICER", grants: [] }, "organization");
    const pairs = [
      [gateway, { authorization: `Bearer ${token}` }, via],
      [organization, { [INTERNAL_IDENTITY_HEADER]: identity }, direct],
    ] as const;
    // the officer's first request on each path pays its token's verification: not the hop's cost
    for (const [round, [url, headers, into]] of [...pairs, ...pairs].entries()) {
      const started = performance.now();
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      await response.json();
      if (round >= pairs.length) into.push(performance.now() - started);
    }
  }
  via.sort((a, b) => a - b);
  direct.sort((a, b) => a - b);
  return { viaGateway: percentile(via, 50), direct: percentile(direct, 50), overhead: percentile(via, 50) - percentile(direct, 50), load };
}
