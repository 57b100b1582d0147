// Resilience of live streams (EM-LIVE: screens must survive blips): a subgraph killed
// and restarted under an open subscription — the gateway keeps the client's stream open,
// subscribes again, and the next event arrives; the client never sees an internal address.
import { startBloodSubgraph, type BloodService } from "@chapters/blood";
import { startGateway, type RunningGateway } from "@chapters/gateway";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { eventually, subscribeWs, wsClient, type LiveSubscription } from "../support/live.ts";
import { createDrive, donateAtDrive, liveIds } from "../support/live-data.ts";

let t: TestStack;
let ids: Map<string, string>;
let restarted: BloodService | null = null;
let shortTimeouts: RunningGateway | null = null;
const clients: Client[] = [];
const streams: LiveSubscription[] = [];

beforeAll(async () => {
  t = await startTestStack();
  ids = await liveIds(t);
}, 300_000);
afterAll(async () => {
  for (const s of streams) await s.close();
  for (const c of clients) await c.dispose();
  await shortTimeouts?.stop();
  await restarted?.stop();
  await t?.stop();
});

const PROGRESS = `subscription($id: ID!) { bloodDriveProgress(driveId: $id) { donations units drive { chapter { name } } } }`;

describe("EM-LIVE resilience", () => {
  it("EM-LIVE: a subscription outlives the gateway's subgraph time-out: one upstream subscription, not one per time-out", async () => {
    shortTimeouts = await startGateway({
      port: 0,
      subgraphs: Object.values(t.stack.services).map((s) => ({ name: s.name, url: s.url })),
      limits: { ratePerWindow: 1_000_000, subgraphTimeoutMs: 1_500 },
    });
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-07-04");
    const client = wsClient(shortTimeouts.url, await t.token("BN"));
    clients.push(client);
    const live = subscribeWs(client, { query: PROGRESS, variables: { id: driveId } });
    streams.push(live);
    await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    // a re-subscription would have sent the current state again
    expect(live.events).toHaveLength(1);
  }, 120_000);

  it("EM-LIVE: a blood subgraph killed and restarted on its port is subscribed to again; the stream stays open and the next donation arrives", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-07-05");
    const client = wsClient(t.url, await t.token("BN"));
    clients.push(client);
    const live = subscribeWs(client, { query: PROGRESS, variables: { id: driveId } });
    streams.push(live);
    await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);

    const old = t.stack.services.blood!;
    const port = old.port;
    await old.stop();
    // the gateway has lost its upstream and keeps retrying: give it a few attempts
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    restarted = await startBloodSubgraph({
      databaseUrl: t.databaseUrl("blood"),
      organizationUrl: t.stack.services.organization!.url,
      port,
      pubsub: t.stack.pubsub,
      migrate: false,
      maxConnections: t.stack.embedded.blood ? 1 : 10,
    });
    t.stack.services.blood = restarted as never;
    // the new subgraph has a subscriber again (the gateway's)
    await eventually(() => restarted!.live.stats().subscribers > 0, "the gateway to subscribe again", 60_000);

    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-07-05");
    const after = await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 1, 60_000);
    expect(after.data.bloodDriveProgress.drive.chapter.name).toEqual(expect.any(String));
    // the stream never ended, and nothing the client saw names an address or a socket error
    expect(live.events.every((e) => !e.errors)).toBe(true);
    expect(JSON.stringify(live.events)).not.toMatch(/127\.0\.0\.1|localhost|ECONN/);
    let ended = false;
    void live.ended.then(() => (ended = true));
    await Promise.resolve();
    expect(ended).toBe(false);
  }, 240_000);
});
