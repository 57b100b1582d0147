// Live subscriptions through the gateway (docs/domain.md EM-LIVE, BL-EVENTS, HA-CAMPAIGNS):
// over real sockets, an event from blood arrives with fields from organization; a subscription
// outside the caller's slice is refused; graphql-ws and SSE clients get the same events; a token
// that expires ends the stream.
import type { BloodPrisma, BloodService } from "@chapters/blood";
import { signDevUserToken } from "@chapters/core";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { registeredOperation, subscribeSse, subscribeWs, wsClient, type LiveSubscription } from "../support/live.ts";
import { announce, burstOfDonations, ceremonyWithHonourees, createDrive, DONATION_RECORDED_TOPIC, donateAtDrive, liveIds } from "../support/live-data.ts";

let t: TestStack;
const clients: Client[] = [];
const streams: LiveSubscription[] = [];
let ids: Map<string, string>;

beforeAll(async () => {
  t = await startTestStack();
  ids = await liveIds(t);
}, 300_000);
afterAll(async () => {
  for (const s of streams) await s.close();
  for (const c of clients) await c.dispose();
  await t?.stop();
});

const officerBN = { chapter: "BN", role: "OFFICER" as const };
// drive from blood; the chapter's code, name and level from organization; its humanitarian
// figures from humanitarian — three subgraphs in every event
const DRIVE_PROGRESS = `subscription($id: ID!) { bloodDriveProgress(driveId: $id) { donations units
  drive { id name chapter { code name level humanitarianFigures(year: 2026) { year } } } } }`;

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
    expect(first.data.bloodDriveProgress.drive.chapter.humanitarianFigures).toEqual({ year: 2026 });

    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-06-07");
    const after = await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 1);
    expect(after.data.bloodDriveProgress.units).toBeCloseTo(1.4);
    expect(after.data.bloodDriveProgress.drive.chapter.name).toBe(first.data.bloodDriveProgress.drive.chapter.name);
  });
});

describe("BL-TARGETS live units under a chapter", () => {
  it("BL-TARGETS: bloodUnits under a province follows a donation in one of its communes; a chapter outside the slice is NOT_FOUND", async () => {
    const UNITS = `subscription($c: ID!) { bloodUnits(chapterId: $c, year: 2026) { units donations chapter { code name } } }`;
    const live = track(subscribeWs(open(await t.token("BN")), { query: UNITS, variables: { c: ids.get("BN") } }));
    const first = await live.waitFor((e) => e.data?.bloodUnits);
    expect(first.data.bloodUnits.chapter.code).toBe("BN");
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-14");
    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-06-14");
    const after = await live.waitFor((e) => e.data?.bloodUnits?.donations === first.data.bloodUnits.donations + 1);
    expect(after.data.bloodUnits.units).toBeCloseTo(first.data.bloodUnits.units + 1.4);

    const outside = track(subscribeWs(open(await t.token("HP")), { query: UNITS, variables: { c: ids.get("BN") } }));
    expect((await outside.waitFor((e) => Boolean(e.errors?.length))).errors![0]!.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("EM-LIVE ceremony honours", () => {
  it("EM-LIVE: a ceremony's screen gets everyone announced so far, then each honouree as announced, with the host chapter's name from organization; another ceremony's screen is FORBIDDEN", async () => {
    const ceremony = await ceremonyWithHonourees(t, ids, "BN", ["Nguyễn Thị Hòa", "Chi hội Chữ thập đỏ thôn Đông", "Trần Văn Thắng"]);
    const [first, second, third] = ceremony.honourees;
    await announce(t, "BN", second!);
    const screen = await signDevUserToken({ chapter: "BN", role: "SCREEN", grants: [`ceremony:${ceremony.conferenceId}`] });
    const live = track(subscribeWs(open(screen), registeredOperation("ScreenCeremonyHonoursLive", { ceremonyId: ceremony.conferenceId })));
    const initial = await live.waitFor((e) => e.data?.ceremonyHonours);
    expect(initial.data.ceremonyHonours).toMatchObject({ announcedCount: 1, totalCount: 3, conference: { title: ceremony.title }, honourees: [{ id: second, name: "Chi hội Chữ thập đỏ thôn Đông" }] });
    expect(initial.data.ceremonyHonours.conference.chapter.name).toEqual(expect.any(String));

    await announce(t, "BN", third!);
    await announce(t, "BN", first!);
    const after = await live.waitFor((e) => e.data?.ceremonyHonours?.announcedCount === 3);
    // in the order they were announced, not the order of the list
    expect(after.data.ceremonyHonours.honourees.map((h: { id: string }) => h.id)).toEqual([second, third, first]);
    expect(after.data.ceremonyHonours.honourees[2]).toMatchObject({ name: "Nguyễn Thị Hòa", kindLabel: expect.any(String) });

    const stranger = await signDevUserToken({ chapter: "BN", role: "SCREEN", grants: ["ceremony:gala-2026"] });
    const refused = track(subscribeWs(open(stranger), registeredOperation("ScreenCeremonyHonoursLive", { ceremonyId: ceremony.conferenceId })));
    expect((await refused.waitFor((e) => Boolean(e.errors?.length))).errors![0]!.extensions?.code).toBe("FORBIDDEN");
    const outside = track(subscribeWs(open(await t.token("HP")), { query: `subscription($c: ID!) { ceremonyHonours(ceremonyId: $c) { announcedCount } }`, variables: { c: ceremony.conferenceId } }));
    expect((await outside.waitFor((e) => Boolean(e.errors?.length))).errors![0]!.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("EM-LIVE slices and grants, checked when a subscription opens", () => {
  it("EM-LIVE: an officer of another province is refused a drive outside their slice (NOT_FOUND), and nothing streams", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-08");
    const live = track(subscribeWs(open(await t.token("HP")), { query: DRIVE_PROGRESS, variables: { id: driveId } }));
    const refused = await live.waitFor((e) => Boolean(e.errors?.length));
    expect(refused.errors![0]!.extensions?.code).toBe("NOT_FOUND");
    expect(refused.data?.bloodDriveProgress ?? null).toBeNull();
    await live.ended;
    expect(live.events.some((e) => e.data?.bloodDriveProgress)).toBe(false);
  });

  it("EM-LIVE: a SCREEN runs only registered operations; with one, a drive outside its grants is FORBIDDEN and its own drive is served", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-09");
    const screen = await signDevUserToken({ chapter: "BN", role: "SCREEN", grants: ["ceremony:gala-2026", `blood-drive:${driveId}`] });
    const stranger = await signDevUserToken({ chapter: "BN", role: "SCREEN", grants: ["ceremony:other", "blood-drive:00000000-0000-4000-8000-000000000000"] });

    const adHoc = track(subscribeWs(open(screen), { query: DRIVE_PROGRESS, variables: { id: driveId } }));
    expect((await adHoc.waitFor((e) => Boolean(e.errors?.length))).errors![0]!.extensions?.code).toBe("PERSISTED_ONLY");

    const registered = registeredOperation("ScreenBloodDriveProgress", { driveId });
    const refused = track(subscribeWs(open(stranger), registered));
    expect((await refused.waitFor((e) => Boolean(e.errors?.length))).errors![0]!.extensions?.code).toBe("FORBIDDEN");

    const served = track(subscribeWs(open(screen), registered));
    const first = await served.waitFor((e) => e.data?.bloodDriveProgress);
    expect(first.data.bloodDriveProgress).toMatchObject({ donations: 0, drive: { id: driveId, kindLabel: "Chủ nhật đỏ" } });
    expect(first.data.bloodDriveProgress.drive.chapter.name).toEqual(expect.any(String));
  });

  it("EM-LIVE: a socket without a valid token is closed before anything runs", async () => {
    const live = track(subscribeWs(open("not-a-token"), { query: DRIVE_PROGRESS, variables: { id: "00000000-0000-4000-8000-000000000000" } }));
    const closed = await live.waitFor((e) => Boolean(e.errors?.length));
    expect(closed.errors![0]!.extensions?.code).toBe("SOCKET_4403");
  });
});

describe("EM-LIVE transports", () => {
  it("EM-LIVE: graphql-ws and SSE clients get the same events", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-10");
    const token = await t.token("BN");
    const request = { query: DRIVE_PROGRESS, variables: { id: driveId } };
    const overWs = track(subscribeWs(open(token), request));
    const overSse = track(subscribeSse(t.url, token, request));
    await overWs.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);
    await overSse.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);
    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-06-10");
    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-06-10");
    const wsLast = await overWs.waitFor((e) => e.data?.bloodDriveProgress?.donations === 2);
    const sseLast = await overSse.waitFor((e) => e.data?.bloodDriveProgress?.donations === 2);
    expect(sseLast).toEqual(wsLast);
    expect(wsLast.data.bloodDriveProgress.units).toBeCloseTo(2.8);
  });

  it("EM-LIVE: a token that expires ends the stream with UNAUTHENTICATED", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-11");
    const shortLived = await signDevUserToken({ chapter: "BN", role: "OFFICER" }, { expiresIn: "4s" });
    const live = track(subscribeWs(open(shortLived), { query: DRIVE_PROGRESS, variables: { id: driveId } }));
    await live.waitFor((e) => e.data?.bloodDriveProgress);
    const ended = await live.waitFor((e) => Boolean(e.errors?.length), 30_000);
    expect(ended.errors![0]!.extensions?.code).toBe("UNAUTHENTICATED");
    await live.ended;
  });
});

describe("EM-LIVE sharing at the gateway", () => {
  it("EM-LIVE: screens asking the same thing with the same rights share one upstream subscription, and each gets every event", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-13");
    const blood = t.stack.services.blood as unknown as BloodService;
    const before = blood.live.stats().subscribers;
    const screens = await Promise.all([1, 2, 3].map(async () => track(subscribeWs(open(await t.token("BN")), { query: DRIVE_PROGRESS, variables: { id: driveId } }))));
    for (const s of screens) await s.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);
    expect(blood.live.stats().subscribers - before).toBe(1);
    // another chapter's officer has other rights: a stream of its own
    const other = track(subscribeWs(open(await t.token("TW", "ADMIN")), { query: DRIVE_PROGRESS, variables: { id: driveId } }));
    await other.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);
    expect(blood.live.stats().subscribers - before).toBe(2);
    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-06-13");
    for (const s of [...screens, other]) await s.waitFor((e) => e.data?.bloodDriveProgress?.donations === 1);
  });
});

describe("EM-LIVE coalescing", () => {
  it("EM-LIVE: a burst of 300 donations reaches a screen as a few frames, the last one with the final figure", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-12");
    const live = track(subscribeWs(open(await t.token("BN")), { query: DRIVE_PROGRESS, variables: { id: driveId } }));
    await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);
    const db = t.stack.services.blood!.database.prisma as BloodPrisma;
    const donors = await burstOfDonations(db, driveId, ids.get("BN.PTS")!, "2026-06-12", 300);
    // each donation announced on its own, as recordDonation does after each commit
    await Promise.all(donors.map((donationId) => t.stack.pubsub.publish(DONATION_RECORDED_TOPIC, { donationId, driveId, chapterId: ids.get("BN.PTS"), donatedOn: "2026-06-12", units: 1 })));
    const last = await live.waitFor((e) => e.data?.bloodDriveProgress?.donations === 300);
    expect(last.data.bloodDriveProgress.units).toBe(300);
    const frames = live.events.filter((e) => e.data?.bloodDriveProgress);
    expect(frames.length).toBeLessThan(20);
    // nothing after the final figure contradicts it
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(live.events.at(-1)!.data.bloodDriveProgress.donations).toBe(300);
  });
});
