// Live subscriptions through the gateway (issue 13; DOMAIN.md EM-LIVE, BL-EVENTS, HA-CAMPAIGNS):
// over real sockets, an event from blood arrives with fields from organization; a subscription
// outside the caller's slice is refused; graphql-ws and SSE clients get the same events; a token
// that expires ends the stream.
import { signDevUserToken } from "@chapters/core";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "./support/stack.ts";
import { subscribeSse, subscribeWs, wsClient, type LiveSubscription } from "./support/live.ts";
import { createDrive, donateAtDrive, liveIds } from "./support/live-data.ts";

let t: TestStack;
const clients: Client[] = [];
const streams: LiveSubscription[] = [];
let ids: Map<string, string>;

beforeAll(async () => {
  t = await startTestStack();
  ids = await liveIds(t);
}, 180_000);
afterAll(async () => {
  for (const s of streams) await s.close();
  for (const c of clients) await c.dispose();
  await t?.stop();
});

const officerBN = { chapter: "BN", role: "OFFICER" as const };
const DRIVE_PROGRESS = `subscription($id: ID!) { bloodDriveProgress(driveId: $id) { donations units drive { id name chapter { code name level } } } }`;

function open(token: string) {
  const client = wsClient(t.url, token);
  clients.push(client);
  return client;
}
function track<T>(s: LiveSubscription<T>) {
  streams.push(s);
  return s;
}

describe("EM-LIVE federated subscriptions", () => {
  it("EM-LIVE: a drive's progress starts with the current figures and follows a donation, with the chapter's name and level from organization", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-07");
    const live = track(subscribeWs(open(await t.token("BN")), { query: DRIVE_PROGRESS, variables: { id: driveId } }));
    const first = await live.waitFor((e) => e.data?.bloodDriveProgress);
    expect(first.data.bloodDriveProgress).toMatchObject({ donations: 0, units: 0, drive: { id: driveId, chapter: { code: "BN.PTS" } } });
    expect(first.data.bloodDriveProgress.drive.chapter.name).toEqual(expect.any(String));
    expect(first.data.bloodDriveProgress.drive.chapter.level).toEqual(expect.any(String));

    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-06-07");
    const after = await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 1);
    expect(after.data.bloodDriveProgress.units).toBeCloseTo(1.4);
    expect(after.data.bloodDriveProgress.drive.chapter.name).toBe(first.data.bloodDriveProgress.drive.chapter.name);
  });
});
