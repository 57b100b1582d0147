// Partial results and health (docs/api.md, "Partial results"): with the blood subgraph down, questions that do not need
// it are answered in full; questions that do get everything else, with a clear error on the
// missing part and no internal address; /ready says which subgraph is down; when blood comes back
// on its address, the gateway answers in full again without a restart.
import { subgraphModules } from "@chapters/stack";
import type { StartedSubgraph } from "@chapters/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD, expectDashboardWithoutBlood, INTERNAL_ADDRESS } from "../support/partial.ts";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let restarted: StartedSubgraph | null = null;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => {
  await restarted?.stop();
  await t?.stop();
});

const ready = async () => {
  const response = await fetch(t.url.replace(/\/graphql$/, "/ready"));
  return { status: response.status, body: (await response.json()) as { status: string; subgraphs: Record<string, { state: string }> } };
};

describe("a subgraph down", () => {
  it("before: /ready lists every subgraph up, and the dashboard is whole", async () => {
    const before = await ready();
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: "ready", subgraphs: { organization: { state: "up" }, blood: { state: "up" } } });
    const res = await t.query(DASHBOARD);
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.children.nodes[0].bloodIndicators.length).toBeGreaterThan(0);
  });

  it("while blood is down: organization's questions are answered in full", async () => {
    await t.stack.services.blood!.stop();
    const res = await t.query('{ chapter(code: "BN") { name children(first: 5) { totalCount nodes { code } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.children.totalCount).toBeGreaterThan(0);
  });

  it("while blood is down: the dashboard keeps organization's part and says which part is missing", async () => {
    expectDashboardWithoutBlood(await t.query(DASHBOARD));
  });

  it("while blood is down: /ready stays 200 (the gateway still serves) and names blood as down", async () => {
    const during = await ready();
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ status: "degraded", subgraphs: { organization: { state: "up" }, blood: { state: "down" } } });
    expect(JSON.stringify(during.body)).not.toMatch(INTERNAL_ADDRESS);
  });

  it("when blood returns on its address, the gateway answers in full again", async () => {
    const blood = subgraphModules.find((m) => m.name === "blood")!;
    const old = t.stack.services.blood!;
    restarted = await blood.start({
      databaseUrl: t.databaseUrl("blood"),
      port: old.port,
      pubsub: t.stack.pubsub,
      maxConnections: process.env.DATABASE_URL ? 10 : 1,
      organizationUrl: t.stack.organization.url,
    });
    await restarted.caughtUp?.();
    expect((await ready()).body).toMatchObject({ status: "ready", subgraphs: { blood: { state: "up" } } });
    const res = await t.query(DASHBOARD);
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.children.nodes[0].bloodIndicators.length).toBeGreaterThan(0);
  });
});
