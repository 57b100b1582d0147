// Services as child processes, as they run in production (node + tsx, the project's own entry
// points): started on free ports, considered up only when they print their "ready at <url>" line,
// and always ended — by the caller's cleanup, or by this process's exit if a test or the
// benchmark dies first. Used by the separate-process tests and by `npm run bench -- --processes 2`.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { repoRoot } from "@chapters/core";

export interface ServiceProcess {
  url: string;
  port: number;
  pid: number;
  /** ends the process as an operator would (SIGTERM), waiting for it to exit */
  stop(): Promise<void>;
  /** ends it as a crash would (SIGKILL): no shutdown code runs */
  kill(): Promise<void>;
  /** everything it has printed so far, stdout and stderr, line by line */
  output(): string[];
}

/** Variables a child must not inherit: each test says which database, Redis and port it uses. */
const NOT_INHERITED = /^(DATABASE_URL.*|REDIS_URL|PORT|SUBGRAPHS|SUPERGRAPH_PATH|SUBGRAPH|RATE_LIMIT.*)$/;

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));

async function end(child: ChildProcess, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited(child);
    clearTimeout(timer);
  }
  running.delete(child);
}

/**
 * Runs `entry` (a path under the repository) and resolves once it prints a line matching
 * `readyLine` (whose first group is the service's URL). Start-up on a busy 2-core machine can take
 * a minute (tsx compiles, migrations, demo data), hence the generous default.
 */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  readyLine: RegExp,
  timeoutMs = 240_000,
  build?: string,
): Promise<ServiceProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !NOT_INHERITED.test(key)));
  // from the sources through tsx, or (`build`: a folder `npm run build` made) plain node on JavaScript
  const args = build ? [entry.replace(/\.ts$/, ".js")] : ["--import", "tsx", entry];
  // SERVICES_CPU_PROF_DIR: each service writes a V8 CPU profile there when it stops (`npm run bench`
  // profiles the services this way; --cpu-prof is refused in NODE_OPTIONS)
  const profileDir = process.env.SERVICES_CPU_PROF_DIR;
  // (named by node: CPU.<date>.<time>.<pid>.<thread>…; the main thread's is thread 0)
  if (profileDir) args.unshift("--cpu-prof", `--cpu-prof-dir=${profileDir}`);
  const child = spawn(process.execPath, args, {
    cwd: build ?? repoRoot,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  // the last lines of output, to say why a service did not start
  const tail: string[] = [];
  const printed: string[] = [];
  const remember = (line: string) => void (tail.push(line) > 40 && tail.shift());
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => printed.push(line));
  createInterface({ input: child.stderr! }).on("line", (line) => {
    printed.push(line);
    remember(line);
  });

  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${entry} (${env.SUBGRAPH ?? "gateway"}) ${why}:\n${tail.join("\n")}`));
    const timer = setTimeout(() => fail(`printed no ready line in ${timeoutMs / 1000} s`), timeoutMs);
    lines.on("line", (line) => {
      remember(line);
      const match = readyLine.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(`exited (${signal ?? code}) before it was ready`);
    });
  }).catch(async (error: unknown) => {
    await end(child, "SIGKILL");
    throw error;
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    stop: () => end(child, "SIGTERM"),
    kill: () => end(child, "SIGKILL"),
    output: () => printed,
  };
}

/** One subgraph in its own process (stack/src/subgraph-main.ts). */
export function startSubgraphProcess(
  name: string,
  options: { databaseUrl: string; organizationUrl?: string; humanitarianUrl?: string; port?: number; seedDemo?: boolean; redisUrl?: string; env?: Record<string, string>; build?: string },
): Promise<ServiceProcess> {
  return startProcess(
    "stack/src/subgraph-main.ts",
    {
      SUBGRAPH: name,
      DATABASE_URL: options.databaseUrl,
      ORGANIZATION_URL: options.organizationUrl ?? "",
      PORT: String(options.port ?? 0),
      SEED_DEMO: options.seedDemo ? "1" : "0",
      ...(options.humanitarianUrl ? { HUMANITARIAN_URL: options.humanitarianUrl } : {}),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      ...options.env,
    },
    new RegExp(`^subgraph ${name} ready at (\\S+)`),
    undefined,
    options.build,
  );
}

/** The gateway alone in its own process (gateway/src/main.ts), composed from running subgraphs. */
export function startGatewayProcess(subgraphs: Record<string, string>, env: Record<string, string> = {}, build?: string): Promise<ServiceProcess> {
  const list = Object.entries(subgraphs).map(([name, url]) => `${name}=${url}`);
  return startProcess("gateway/src/main.ts", { SUBGRAPHS: list.join(","), PORT: "0", ...env }, /^gateway ready at (\S+)/, undefined, build);
}
