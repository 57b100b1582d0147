// The gateway's promises (docs/api.md) with every service in its own process (stack/src/subgraph-main.ts and
// gateway/src/main.ts, run as production runs them): a crashed (SIGKILLed) blood subgraph gives
// partial data with SUBGRAPH_UNAVAILABLE naming blood and no internal address, /ready names blood,
// and the gateway recovers when blood's process comes back on its port; and one caller's rate is
// shared by two gateway processes through Redis. Always on the PostgreSQL server (a fresh database
// for this file), in the embedded CI run too: several processes cannot share one embedded database.
import { randomUUID } from "node:crypto";
import { signDevUserToken, type Role } from "@chapters/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayProcess, startSubgraphProcess, type ServiceProcess } from "@chapters/stack";
import { DASHBOARD, expectDashboardWithoutBlood, INTERNAL_ADDRESS } from "../support/partial.ts";
import { freshDatabase, SERVER_DATABASE_URL, type GraphQLResponse } from "@chapters/stack/testing";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** small enough to reach in a test, shared by both gateways */
const RATE = 6;

let database: Awaited<ReturnType<typeof freshDatabase>>;
const subgraphs: Record<string, ServiceProcess> = {};
let gatewayA: ServiceProcess;
let gatewayB: ServiceProcess;

beforeAll(async () => {
  database = await freshDatabase(SERVER_DATABASE_URL);
  subgraphs.organization = await startSubgraphProcess("organization", { databaseUrl: database.url, seedDemo: true });
  const organizationUrl = subgraphs.organization.url;
  // the domain subgraphs copy organization's tree, so they start once it is up
  const [blood, humanitarian] = await Promise.all([
    startSubgraphProcess("blood", { databaseUrl: database.url, organizationUrl, seedDemo: true }),
    startSubgraphProcess("humanitarian", { databaseUrl: database.url, organizationUrl, seedDemo: true }),
  ]);
  subgraphs.blood = blood;
  subgraphs.humanitarian = humanitarian;
  const urls = Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url]));
  const env = { REDIS_URL, RATE_LIMIT: String(RATE), RATE_LIMIT_WINDOW_SECONDS: "60" };
  [gatewayA, gatewayB] = await Promise.all([startGatewayProcess(urls, env), startGatewayProcess(urls, env)]);
}, 600_000);

afterAll(async () => {
  await Promise.all([gatewayA?.stop(), gatewayB?.stop()]);
  await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
  await database?.drop();
}, 120_000);

/** A query through a gateway; each caller is new unless named, so only the rate tests spend a budget. */
async function ask(gateway: ServiceProcess, query: string, caller: { role?: Role; sub?: string } = {}): Promise<GraphQLResponse> {
  const token = await signDevUserToken({ chapter: "TW", role: caller.role ?? "ADMIN", sub: caller.sub ?? `processes-${randomUUID()}` });
  const response = await fetch(gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, "status">) };
}

async function ready(gateway: ServiceProcess) {
  const response = await fetch(new URL("/ready", gateway.url));
  return { status: response.status, body: (await response.json()) as { status: string; subgraphs: Record<string, { state: string }> } };
}

/** Asks /ready until it says `status` (a restarted process takes a moment to be probed up). */
async function readyUntil(gateway: ServiceProcess, status: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await ready(gateway);
  while (last.body.status !== status && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await ready(gateway);
  }
  return last;
}

const ORGANIZATION_ONLY = '{ chapter(code: "BN") { name children(first: 5) { totalCount nodes { code } } } }';

describe("a subgraph process dies", () => {
  it("before: /ready lists every subgraph up, and the dashboard is whole", async () => {
    expect((await ready(gatewayA)).body).toMatchObject({
      status: "ready",
      subgraphs: { organization: { state: "up" }, blood: { state: "up" }, humanitarian: { state: "up" } },
    });
    const res = await ask(gatewayA, DASHBOARD);
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.children.nodes[0].bloodIndicators.length).toBeGreaterThan(0);
  });

  it("with blood killed: organization's questions are answered in full", async () => {
    await subgraphs.blood!.kill();
    const res = await ask(gatewayA, ORGANIZATION_ONLY);
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.children.totalCount).toBeGreaterThan(0);
  });

  it("with blood killed: the dashboard keeps organization's part; each error is SUBGRAPH_UNAVAILABLE naming blood, no address", async () => {
    expectDashboardWithoutBlood(await ask(gatewayA, DASHBOARD));
  });

  it("with blood killed: /ready stays 200, says degraded and names blood (and only blood) as down", async () => {
    const during = await ready(gatewayA);
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({
      status: "degraded",
      subgraphs: { organization: { state: "up" }, blood: { state: "down" }, humanitarian: { state: "up" } },
    });
    expect(JSON.stringify(during.body)).not.toMatch(INTERNAL_ADDRESS);
  });

  it("when blood's process restarts on its port, the same gateway process answers in full again", async () => {
    const port = subgraphs.blood!.port;
    subgraphs.blood = await startSubgraphProcess("blood", { databaseUrl: database.url, organizationUrl: subgraphs.organization!.url, port });
    expect((await readyUntil(gatewayA, "ready")).body).toMatchObject({ status: "ready", subgraphs: { blood: { state: "up" } } });
    const res = await ask(gatewayA, DASHBOARD);
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.children.nodes[0].bloodIndicators.length).toBeGreaterThan(0);
    // a process start (tsx, migrations) can take minutes on a loaded machine
  }, 300_000);
});

describe("per-caller rate limit across two gateway processes sharing Redis", () => {
  it(`RATE_LIMITED once one caller's ${RATE} requests are spent, whichever process received them`, async () => {
    const caller = { role: "VIEWER" as const, sub: `rate-${randomUUID()}` };
    const ME = "{ me { role } }";
    for (let i = 0; i < RATE; i++) {
      const res = await ask(i % 2 === 0 ? gatewayA : gatewayB, ME, caller);
      expect(res.data?.me?.role).toBe("VIEWER");
    }
    for (const gateway of [gatewayA, gatewayB]) {
      const refused = await ask(gateway, ME, caller);
      expect(refused.status).toBe(429);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
      expect(refused.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
    }
    // another caller has its own budget
    expect((await ask(gatewayB, ME, { role: "VIEWER" })).status).toBe(200);
  });
});
