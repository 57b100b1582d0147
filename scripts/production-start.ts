// `npm run build:verify`: the deployment recipe (Dockerfile, compose.yaml, docs/deploy.md) run
// without a container runtime, so it cannot rot: dist/ (from `npm run build`) is copied to a
// temporary folder, given production dependencies only (`npm ci --omit=dev`), migrated by the
// one-shot job, and each service is started with plain `node`, NODE_ENV=production and its
// secrets set; the gateway must be ready on /ready and answer a query across two subgraphs.
// Prints each service's start-up time and memory. `--source` measures the same from the
// sources through tsx (how `npm start` and the tests run them), for comparison.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot, signDevUserToken } from "@chapters/core";
import pg from "pg";
import { parse as parseYaml } from "yaml";
import { startGatewayProcess, startSubgraphProcess, type ServiceProcess } from "@chapters/stack";

const { values } = parseArgs({ options: { source: { type: "boolean", default: false }, keep: { type: "boolean", default: false } } });
const server = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Math.round(Number(line?.replace(/\D+/g, "") ?? 0) / 1024);
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status})`);
}

/** The one-shot migration job, as compose.yaml runs it. */
function migrate(build: string | undefined, env: NodeJS.ProcessEnv): Promise<number> {
  const started = Date.now();
  const args = build ? ["stack/src/migrate-main.js"] : ["--import", "tsx", "stack/src/migrate-main.ts"];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: build ?? repoRoot, env, stdio: "inherit" });
    child.once("exit", (code) => (code === 0 ? resolve(Date.now() - started) : reject(new Error(`the migration job exited with ${code}`))));
  });
}

let build: string | undefined;
if (!values.source) {
  const dist = path.join(repoRoot, "dist");
  if (!existsSync(path.join(dist, "gateway/src/main.js"))) throw new Error("dist/ has no build: run `npm run build` first.");
  build = mkdtempSync(path.join(os.tmpdir(), "chapters-production-"));
  cpSync(dist, build, { recursive: true });
  console.log(`== production dependencies only, in ${build}`);
  const installStarted = Date.now();
  run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], build);
  console.log(`   installed in ${((Date.now() - installStarted) / 1000).toFixed(0)} s`);
  for (const devOnly of ["tsx", "vitest", "@graphql-codegen/cli"]) {
    if (existsSync(path.join(build, "node_modules", devOnly))) throw new Error(`${devOnly} (a dev dependency) was installed: the production install is not production-only.`);
  }
}

/** Every file the container recipe runs (the Dockerfile's CMD, each compose service's command
 * and health check) must be in the build this script starts from. */
function recipeEntries(): string[] {
  const compose = parseYaml(readFileSync(path.join(repoRoot, "compose.yaml"), "utf8")) as { services: Record<string, { command?: string[]; healthcheck?: { test?: string[] } }> };
  const dockerCmd = /^CMD\s+(\[.*\])\s*$/m.exec(readFileSync(path.join(repoRoot, "Dockerfile"), "utf8"))?.[1];
  const commands = [...Object.values(compose.services).flatMap((s) => [s.command, s.healthcheck?.test?.slice(1)]), dockerCmd ? (JSON.parse(dockerCmd) as string[]) : undefined];
  return commands.filter((c): c is string[] => c?.[0] === "node").map((c) => c[1]!);
}
if (build) {
  const entries = [...new Set(recipeEntries())];
  const missing = entries.filter((entry) => !existsSync(path.join(build!, entry)));
  if (missing.length) throw new Error(`The Dockerfile or compose.yaml runs ${missing.join(", ")}, which the build does not have.`);
  console.log(`   the container recipe's entry points are in the build: ${entries.join(", ")}`);
}

const name = `chapters_production_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const databaseUrl = url.toString();
const secrets = { JWT_SECRET: randomBytes(32).toString("hex"), INTERNAL_JWT_SECRET: randomBytes(32).toString("hex") };
const env = { NODE_ENV: "production", LOG_LEVEL: "warn", ...secrets };
const services: ServiceProcess[] = [];
const figures: { service: string; startMs: number; pid: number }[] = [];
const timed = async (service: string, start: () => Promise<ServiceProcess>) => {
  const started = Date.now();
  const process_ = await start();
  services.push(process_);
  figures.push({ service, startMs: Date.now() - started, pid: process_.pid });
  return process_;
};

try {
  console.log(`== ${build ? "plain node on the build" : "tsx on the sources"}, NODE_ENV=production, secrets set, database ${name}`);
  const migrateMs = await migrate(build, { ...process.env, ...env, DATABASE_URL: databaseUrl });
  console.log(`   migration job: ${migrateMs} ms`);
  const common = { databaseUrl, env, build };
  // organization first: the others catch up with its chapter tree as they start (its demo
  // chapters give the first query something to read)
  const organization = await timed("organization", () => startSubgraphProcess("organization", { ...common, seedDemo: true }));
  const [blood, humanitarian] = await Promise.all([
    timed("blood", () => startSubgraphProcess("blood", { ...common, organizationUrl: organization.url })),
    timed("humanitarian", () => startSubgraphProcess("humanitarian", { ...common, organizationUrl: organization.url })),
  ]);
  const emulation = await timed("emulation", () => startSubgraphProcess("emulation", { ...common, organizationUrl: organization.url, humanitarianUrl: humanitarian!.url }));
  const gateway = await timed("gateway", () =>
    startGatewayProcess({ organization: organization.url, blood: blood!.url, humanitarian: humanitarian!.url, emulation: emulation.url }, env, build),
  );

  const ready = (await (await fetch(gateway.url.replace(/\/graphql$/, "/ready"))).json()) as { status: string };
  if (ready.status !== "ready") throw new Error(`/ready answered ${JSON.stringify(ready)}`);
  // the containers' health check (compose.yaml) on each service
  for (const service of services) {
    const readyUrl = service.url.replace(/\/graphql$/, "/ready");
    const check = build ? ["gateway/src/healthcheck.js", readyUrl] : ["--import", "tsx", "gateway/src/healthcheck.ts", readyUrl];
    if (spawnSync(process.execPath, check, { cwd: build ?? repoRoot }).status !== 0) throw new Error(`the health check failed on ${readyUrl}`);
  }
  const token = await signDevUserToken({ chapter: "HP", role: "OFFICER" }, { secret: secrets.JWT_SECRET });
  const answer = (await (
    await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ me { role chapter { code name children(first: 3) { totalCount } bloodIndicators(year: 2025) { indicatorCode actual } } } }" }),
    })
  ).json()) as { data?: { me?: { chapter?: { code: string; name: string; children: { totalCount: number }; bloodIndicators: unknown[] } } }; errors?: unknown };
  const chapter = answer.data?.me?.chapter;
  if (answer.errors || chapter?.code !== "HP" || !Array.isArray(chapter.bloodIndicators)) throw new Error(`the first query did not answer: ${JSON.stringify(answer)}`);
  console.log(`== first query answered: ${chapter.name} (${chapter.children.totalCount} chapters below), ${chapter.bloodIndicators.length} blood indicators`);
  console.log("\n| service | start-up to ready | memory (RSS) after the first query |\n| --- | ---: | ---: |");
  for (const f of figures) console.log(`| ${f.service} | ${(f.startMs / 1000).toFixed(1)} s | ${rssMb(f.pid)} MB |`);
  console.log(`| all five | ${(figures.reduce((sum, f) => sum + f.startMs, 0) / 1000).toFixed(1)} s (organization, then blood and humanitarian together, emulation, gateway) | ${figures.reduce((sum, f) => sum + rssMb(f.pid), 0)} MB |`);
} finally {
  for (const service of services.reverse()) await service.stop();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  if (build && !values.keep) rmSync(build, { recursive: true, force: true });
}
