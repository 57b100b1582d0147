// Gateway limits (docs/api.md, "Limits"): hostile shapes and costs are refused before any subgraph is asked anything
// (counted in SQL statements), each caller has a request rate shared by
// every gateway instance through Redis, and a subgraph that is too slow is cut off.
import { randomUUID } from "node:crypto";
import { signDevUserToken } from "@chapters/core";
import { startGateway, type GatewayOptions, type RunningGateway } from "@chapters/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
beforeAll(async () => {
  t = await sharedTestStack();
});
afterAll(async () => t?.stop());

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const statements = () => t.statements("organization") + t.statements("blood");

/** `levels` nested `children` under the central chapter. */
function nestedChildren(levels: number): string {
  let selection = "code";
  for (let i = 0; i < levels; i++) selection = `children(first: 2) { nodes { code ${selection} } }`;
  return `{ chapter(code: "TW") { ${selection} } }`;
}

/** `count` aliased national figures in one operation. */
function aliasedFigures(count: number): string {
  const fields = Array.from({ length: count }, (_, i) => `f${i}: figures(year: 2025) { members { members } }`);
  return `{ chapter(code: "TW") { ${fields.join(" ")} } }`;
}

describe("operation shape limits", () => {
  it("refuses 20 levels of nested children without calling any subgraph", async () => {
    const before = statements();
    const res = await t.query(nestedChildren(20));
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "depth" });
    expect(res.errors?.[0]?.message).toMatch(/depth limit of 12 exceeded/);
    expect(statements()).toBe(before);
  });

  it("refuses 500 aliased national figures without calling any subgraph", async () => {
    const before = statements();
    const res = await t.query(aliasedFigures(500));
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(statements()).toBe(before);
  });

  it("refuses more aliases than allowed even in a short operation", async () => {
    const res = await t.query(aliasedFigures(31));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "aliases" });
  });

  it("refuses a document with too many tokens", async () => {
    const res = await t.query(`{ me { ${"role ".repeat(2_100)} } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "tokens" });
  });

  it("accepts the deepest dashboard of docs/api.md and a few nested levels", async () => {
    const dashboard = `{ chapter(code: "BN") { children(first: 50, levels: [COMMUNE]) { nodes { name
      figures(year: 2025) { members { members growth } dues { rate } fund { balance target } coverage { rate } }
      bloodIndicators(year: 2025) { indicatorCode actual target { value } } } } } }`;
    const res = await t.query(dashboard);
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.children.nodes.length).toBeGreaterThan(0);
    expect((await t.query(nestedChildren(4))).errors).toBeUndefined();
  });
});

describe("cost budget (before any subgraph is called)", () => {
  const NESTED_PAGES = "query($n: Int) { chapters(first: $n) { nodes { code children(first: $n) { nodes { code people(first: $n) { nodes { id } } } } } } }";

  it("refuses nested pages whose product is past the budget, without calling any subgraph", async () => {
    const before = statements();
    const res = await t.query(NESTED_PAGES, { n: 1000 });
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost" });
    expect(res.errors?.[0]?.message).toMatch(/over the budget of 100000/);
    expect(statements()).toBe(before);
  });

  it("counts the default page for a paged field given no size", async () => {
    const res = await t.query("{ chapters(first: 1000) { nodes { children { nodes { children { nodes { code name } } } } } } }");
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost" });
  });

  it("runs the same shape with small pages, and a province's 1 000 communes with their figures", async () => {
    expect((await t.query(NESTED_PAGES, { n: 5 })).errors).toBeUndefined();
    const province = `{ chapter(code: "BN") { children(first: 1000, levels: [COMMUNE]) { nodes { code name
      figures(year: 2025) { members { members growth } dues { rate } fund { balance target } coverage { rate } }
      bloodIndicators(year: 2025) { indicatorCode actual } } } } }`;
    const res = await t.query(province);
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.children.nodes.length).toBeGreaterThan(0);
  });
});

describe("per-caller rate limit", () => {
  const gateways: RunningGateway[] = [];
  const open = async (options: Partial<GatewayOptions>) => {
    const gateway = await startGateway({
      port: 0,
      subgraphs: Object.values(t.stack.services).map((s) => ({ name: s.name, url: s.url })),
      ...options,
    });
    gateways.push(gateway);
    return gateway;
  };
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
  });

  const ask = async (gateway: RunningGateway, token: string) => {
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ me { role } }" }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: any }[] } };
  };

  it("holds across two gateway instances sharing Redis (here in one process; gateway-processes.test.ts runs them as two)", async () => {
    const limits = { ratePerWindow: 5, rateWindowSeconds: 60 };
    const a = await open({ limits, redisUrl: REDIS_URL });
    const b = await open({ limits, redisUrl: REDIS_URL });
    const token = await signDevUserToken({ chapter: "HP", role: "VIEWER", sub: `rate-${randomUUID()}` });
    const answers = [await ask(a, token), await ask(b, token), await ask(a, token), await ask(b, token), await ask(a, token)];
    for (const answer of answers) expect(answer.body.data?.me?.role).toBe("VIEWER");
    const refused = await ask(b, token);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(refused.body.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
    // another caller has its own budget
    const other = await signDevUserToken({ chapter: "HP", role: "VIEWER", sub: `rate-${randomUUID()}` });
    expect((await ask(a, other)).status).toBe(200);
  });

  it("without Redis each instance counts on its own", async () => {
    const limits = { ratePerWindow: 2, rateWindowSeconds: 60 };
    const a = await open({ limits, redisUrl: "" });
    const b = await open({ limits, redisUrl: "" });
    const token = await signDevUserToken({ chapter: "HP", role: "VIEWER", sub: `rate-${randomUUID()}` });
    for (const gateway of [a, a, b, b]) expect((await ask(gateway, token)).status).toBe(200);
    expect((await ask(a, token)).status).toBe(429);
  });
});

describe("subgraph time-out", () => {
  it("a subgraph slower than the time-out gives SUBGRAPH_UNAVAILABLE, not a hang", async () => {
    const gateway = await startGateway({
      port: 0,
      subgraphs: Object.values(t.stack.services).map((s) => ({ name: s.name, url: s.url })),
      limits: { subgraphTimeoutMs: 1 },
    });
    try {
      const token = await t.token("TW", "ADMIN");
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ chapter(code: "BN") { figures(year: 2025) { members { members } } } }' }),
      });
      const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe("SUBGRAPH_UNAVAILABLE");
      expect(body.errors?.[0]?.message).not.toMatch(/127\.0\.0\.1|localhost|http/);
    } finally {
      await gateway.stop();
    }
  });
});
