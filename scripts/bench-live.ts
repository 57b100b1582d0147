// `npm run bench:live`: how many conference screens one gateway instance holds, and how fast a
// donation reaches them. Starts the stack in a child process (scripts/bench-live-stack.ts), opens
// N screens — each a WebSocket running the registered ScreenBloodDriveProgress subscription with
// a SCREEN token — then records donations through the gateway one at a time and measures, for
// every screen, the delay from sending the mutation to receiving the new figure. Also the stack
// process's memory per connection (RSS growth / N; it includes the subgraph's side of each
// subscription). Results: bench/live-results.json and the table between the bench-live markers
// in docs/benchmarks.md. A measurement, not a test: nothing fails on a slow machine.
//
//   npm run bench:live [-- --screens 1000,10000] [--rounds 5]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot, signDevUserToken } from "@chapters/core";
import { readManifest } from "@chapters/gateway";
import WebSocket from "ws";

const { values } = parseArgs({ options: { screens: { type: "string", default: "1000,10000" }, rounds: { type: "string", default: "5" } } });
const SIZES = values.screens.split(",").map(Number);
const ROUNDS = Number(values.rounds);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startStackProcess(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts", "bench-live-stack.ts")], {
    env: { ...process.env, LOG_LEVEL: "error" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = /BENCH-STACK (\{.*\})/.exec(out);
      if (line) {
        const { url } = JSON.parse(line[1]!) as { url: string };
        resolve({
          url,
          pid: child.pid!,
          stop: async () => {
            const exited = new Promise((r) => child.once("exit", r));
            child.kill("SIGTERM");
            await Promise.race([exited, sleep(15_000)]);
            if (child.exitCode === null) child.kill("SIGKILL");
          },
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`the stack exited (${code}): ${out}`)));
  });
}

/** Resident memory of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

interface Screen {
  socket: WebSocket;
  /** donations count → when this screen first showed it */
  seen: Map<number, number>;
}

/** A screen: one socket, one registered subscription, as the conference page opens it. */
function openScreen(wsUrl: string, token: string, operationId: string, driveId: string): Promise<Screen> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, "graphql-transport-ws");
    const screen: Screen = { socket, seen: new Map() };
    const timer = setTimeout(() => reject(new Error("a screen did not get its first figure in 120 s")), 120_000);
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
    socket.on("message", (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === "connection_ack") {
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "", variables: { driveId }, extensions: { persistedQuery: { version: 1, sha256Hash: operationId } } } }));
      } else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
      else if (message.type === "next") {
        const donations = message.payload?.data?.bloodDriveProgress?.donations;
        if (typeof donations === "number" && !screen.seen.has(donations)) screen.seen.set(donations, performance.now());
        if (donations === 0) {
          clearTimeout(timer);
          resolve(screen);
        }
      }
    });
    socket.on("error", (error) => reject(error));
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function run(size: number, stack: { url: string; pid: number }) {
  const admin = await signDevUserToken({ chapter: "BN", role: "OFFICER" });
  const chapters = await gql(stack.url, admin, `{ chapter(code: "BN.PTS") { id } }`, {});
  const chapterId = chapters.chapter.id as string;
  const date = "2026-10-04";
  const drive = await gql(stack.url, admin, `mutation($i: NewBloodDriveInput!) { createBloodDrive(input: $i) { id } }`, {
    i: { chapterId, kind: "CHU_NHAT_DO", place: "Nhà văn hoá", date, targetUnits: 1000, bloodCentre: "Viện Huyết học" },
  });
  const driveId = drive.createBloodDrive.id as string;
  // one token per screen, as each physical screen gets its own (a caller may hold only
  // MAX_SOCKETS_PER_CALLER sockets, docs/security.md)
  const screenToken = (n: number) => signDevUserToken({ chapter: "TW", role: "SCREEN", sub: `bench-screen-${n}`, grants: ["ceremony:bench", `blood-drive:${driveId}`] });
  const operationId = [...readManifest()].find(([, body]) => body.startsWith("subscription ScreenBloodDriveProgress"))![0];

  const before = rssMiB(stack.pid);
  const screens: Screen[] = [];
  const started = performance.now();
  for (let i = 0; i < size; i += 250) {
    const batch = Array.from({ length: Math.min(250, size - i) }, async (_, j) => openScreen(stack.url.replace(/^http/, "ws"), await screenToken(i + j), operationId, driveId));
    screens.push(...(await Promise.all(batch)));
  }
  const connectSeconds = (performance.now() - started) / 1000;
  await sleep(3_000);
  const after = rssMiB(stack.pid);

  const delays: number[] = [];
  const mutations: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const donor = await gql(stack.url, admin, `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`, {
      i: { chapterId, fullName: "Người hiến thử", phone: `09${String(size).slice(0, 2)}${String(Date.now()).slice(-6)}`, abo: "O", rh: "POSITIVE" },
    });
    const sent = performance.now();
    await gql(stack.url, admin, `mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }`, {
      i: { donorId: donor.registerDonor.id, donatedOn: date, type: "WHOLE_BLOOD", volumeMl: 350, driveId },
    });
    mutations.push(performance.now() - sent);
    const deadline = Date.now() + 120_000;
    while (screens.some((s) => !s.seen.has(round)) && Date.now() < deadline) await sleep(20);
    for (const s of screens) delays.push((s.seen.get(round) ?? Number.POSITIVE_INFINITY) - sent);
    await sleep(1_000);
  }
  for (const s of screens) s.socket.terminate();
  await sleep(3_000);
  const sorted = delays.sort((a, b) => a - b);
  const missed = sorted.filter((d) => !Number.isFinite(d)).length;
  return {
    screens: size,
    connectSeconds: Math.round(connectSeconds * 10) / 10,
    memoryPerConnectionKiB: Math.round(((after - before) * 1024) / size),
    stackRssMiB: Math.round(after),
    mutationP50Ms: Math.round(percentile([...mutations].sort((a, b) => a - b), 50)),
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    maxMs: Math.round(sorted.filter(Number.isFinite).at(-1) ?? 0),
    missed,
    rounds: ROUNDS,
  };
}

const stack = await startStackProcess();
const results = [];
try {
  for (const size of SIZES) {
    const result = await run(size, stack);
    console.log(JSON.stringify(result));
    results.push(result);
  }
} finally {
  await stack.stop();
}

const machine = { cpus: os.cpus().length, node: process.version, database: process.env.DATABASE_URL ? "PostgreSQL server" : "embedded", at: new Date().toISOString() };
await mkdir(path.join(repoRoot, "bench"), { recursive: true });
await writeFile(path.join(repoRoot, "bench", "live-results.json"), `${JSON.stringify({ machine, results }, null, 2)}\n`);
const table = [
  "| screens | connect (s) | memory per connection | stack RSS | mutation alone p50 | delay p50 | delay p99 | max | missed |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...results.map(
    (r) =>
      `| ${r.screens.toLocaleString("en")} | ${r.connectSeconds} | ${r.memoryPerConnectionKiB} KiB | ${r.stackRssMiB} MiB | ${r.mutationP50Ms} ms | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | ${r.missed} |`,
  ),
  "",
  `_${machine.cpus} CPUs (shared), Node ${machine.node}, ${machine.database} database, ${machine.at.slice(0, 16)} UTC; ${ROUNDS} donations per size._`,
].join("\n");
const docPath = path.join(repoRoot, "docs", "benchmarks.md");
const doc = await readFile(docPath, "utf8");
const marked = /<!-- bench-live:start -->[\s\S]*<!-- bench-live:end -->/;
if (marked.test(doc)) await writeFile(docPath, doc.replace(marked, `<!-- bench-live:start -->\n${table}\n<!-- bench-live:end -->`));
console.log(table);
