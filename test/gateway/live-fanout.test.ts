// Fan-out across instances (docs/live-and-screens.md, "Fan-out"): two gateways and two blood subgraphs — one pair in this
// process, the other in a child process — sharing Redis and the PostgreSQL server (this test
// runs on the server even in the embedded run: two processes cannot share an embedded
// database). A donation recorded through either instance reaches subscribers on both.
import { spawn, type ChildProcess } from "node:child_process";
import type { Role } from "@chapters/core";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { subscribeWs, wsClient, type LiveSubscription } from "../support/live.ts";
import { createDrive, donateAtDrive, liveIds } from "../support/live-data.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let t: TestStack;
let ids: Map<string, string>;
let child: ChildProcess | null = null;
let second: { gateway: string; blood: string };
const clients: Client[] = [];
const streams: LiveSubscription[] = [];

function startSecondInstance(): Promise<{ gateway: string; blood: string }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "support", "live-node.ts");
  child = spawn(process.execPath, ["--import", "tsx", script], {
    env: {
      ...process.env,
      REDIS_URL,
      BLOOD_DATABASE_URL: t.databaseUrl("blood"),
      ORGANIZATION_URL: t.stack.services.organization!.url,
      HUMANITARIAN_URL: t.stack.services.humanitarian!.url,
      LOG_LEVEL: "warn",
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the second instance did not start: ${out}`)), 120_000);
    child!.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = /LIVE-NODE (\{.*\})/.exec(out);
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line[1]!));
      }
    });
    child!.once("exit", (code) => reject(new Error(`the second instance exited (${code}): ${out}`)));
  });
}

beforeAll(async () => {
  process.env.REDIS_URL = REDIS_URL; // this process's subgraphs publish and listen on Redis too
  t = await startTestStack({ server: true });
  ids = await liveIds(t);
  second = await startSecondInstance();
}, 240_000);
afterAll(async () => {
  for (const s of streams) await s.close();
  for (const c of clients) await c.dispose();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  await t?.stop();
});

const PROGRESS = `subscription($id: ID!) { bloodDriveProgress(driveId: $id) { donations drive { chapter { code name } } } }`;

async function watch(gatewayUrl: string, driveId: string) {
  const client = wsClient(gatewayUrl, await t.token("BN"));
  clients.push(client);
  const live = subscribeWs(client, { query: PROGRESS, variables: { id: driveId } });
  streams.push(live);
  await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0, 60_000);
  return live;
}

describe("EM-LIVE fan-out over Redis", () => {
  it("EM-LIVE: a donation recorded through the second instance reaches screens on both gateways, and one through the first does too", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-08-02");
    const onFirst = await watch(t.url, driveId);
    const onSecond = await watch(second.gateway, driveId);

    // recorded through the second gateway, by the second blood subgraph
    const viaSecond = { ...t, query: ((q, v, as) => queryAt(second.gateway, q, v, as)) as TestStack["query"] };
    await donateAtDrive(viaSecond, ids, driveId, "BN.PTS", "2026-08-02");
    for (const live of [onFirst, onSecond]) {
      const event = await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 1, 60_000);
      expect(event.data.bloodDriveProgress.drive.chapter.code).toBe("BN.PTS");
    }

    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-08-02");
    for (const live of [onFirst, onSecond]) await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 2, 60_000);
  }, 240_000);
});

async function queryAt(url: string, query: string, variables: Record<string, unknown> = {}, as: Parameters<TestStack["query"]>[2] = { chapter: "TW" }) {
  const bearer = "token" in as ? as.token : await t.token(as.chapter, (as.role ?? "OFFICER") as Role, as.grants ?? []);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await response.json()) as object), status: response.status } as Awaited<ReturnType<TestStack["query"]>>;
}
