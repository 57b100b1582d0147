// Partner organisations and grants as data (docs/partners-and-audit.md; docs/domain.md §5): an ADMIN grants a
// partner a slice no wider than its own subtree, for named scopes and registered operations, for a
// period; the token names the partner and the gateway applies the grants in force on every request
// in every subgraph; a revocation takes effect on the next request and ends live streams; an
// expired grant reads nothing; a token's own grants claim opens nothing.
import { createUserTokenVerifier, signDevUserToken } from "@chapters/core";
import { DEMO_PARTNERS, CREATE_PARTNER, createTestPartner, GRANT, grantTestPartner, startTestStack, type GraphQLResponse, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveTracker, registeredOperation, subscribeSse, subscribeWs, type Request } from "../support/live.ts";
import { createDrive, donateAtDrive, liveIds } from "../support/live-data.ts";

let t: TestStack;
let ids: Map<string, string>;
const live = liveTracker();

beforeAll(async () => {
  t = await startTestStack();
  ids = await liveIds(t);
}, 300_000);
afterAll(async () => {
  await live.closeAll();
  await t?.stop();
});

const admin = (chapter: string) => ({ chapter, role: "ADMIN" as const });
const asCentral = (query: string, variables?: Record<string, unknown>) => t.query(query, variables, admin("TW"));
const code = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? "OK";
const nextYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const REVOKE = `mutation($i: RevokePartnerGrantInput!) { revokePartnerGrant(input: $i) { id status revokedBy } }`;
const CHANGE = `mutation($i: ChangePartnerGrantInput!) { changePartnerGrant(input: $i) { id scopes operations validUntil status } }`;
const GRANTS = `query($p: ID) { partnerGrants(partnerId: $p, first: 20) { totalCount nodes { id chapterCode grantingChapterCode scopes status partner { name kindLabel } } } }`;

/** Sends a registered operation by its id, as a partner must. */
async function run(name: string, variables: Record<string, unknown>, token: string): Promise<GraphQLResponse> {
  const { extensions } = registeredOperation(name, variables);
  const response = await fetch(t.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ variables, extensions }),
  });
  return { ...((await response.json()) as GraphQLResponse), status: response.status };
}

const partnerToken = (partnerId: string, chapter: string) => signDevUserToken({ chapter, role: "PARTNER", sub: partnerId });

async function grantedPartner(chapter: string, scopes: string[], extra: Record<string, unknown> = {}) {
  const partnerId = await createTestPartner(asCentral);
  const grantId = await grantTestPartner(asCentral, partnerId, chapter, scopes, extra);
  return { partnerId, grantId, token: await partnerToken(partnerId, chapter) };
}

describe("partners and grants as data", () => {
  it("14.1: a province ADMIN records a blood centre and grants it blood-stock on its province; its ADMINs and those above list it, others do not", async () => {
    const created = await t.query(CREATE_PARTNER, { i: { name: "Trung tâm máu Bắc Ninh", kind: "BLOOD_CENTRE", contact: "0222 000 000" } }, admin("BN"));
    const partnerId = created.data.createPartner.id;
    const granted = await t.query(GRANT, { i: { partnerId, chapterId: ids.get("BN"), scopes: ["blood-stock"], validUntil: nextYear(), reason: "Điều phối máu của tỉnh" } }, admin("BN"));
    expect(granted.errors).toBeUndefined();
    expect(granted.data.grantPartnerAccess).toMatchObject({ status: "IN_FORCE", scopes: ["blood-stock"] });

    for (const chapter of ["BN", "TW"]) {
      const listed = await t.query(GRANTS, { p: partnerId }, admin(chapter));
      expect(listed.data.partnerGrants.nodes).toEqual([
        { id: granted.data.grantPartnerAccess.id, chapterCode: "BN", grantingChapterCode: "BN", scopes: ["blood-stock"], status: "IN_FORCE", partner: { name: "Trung tâm máu Bắc Ninh", kindLabel: "Trung tâm máu" } },
      ]);
    }
    expect((await t.query(GRANTS, { p: partnerId }, admin("HP"))).data.partnerGrants.totalCount).toBe(0);
    expect(code(await t.query(GRANTS, { p: partnerId }, { chapter: "BN", role: "OFFICER" }))).toBe("FORBIDDEN");
    // a grant made by BN is changed or revoked by BN's ADMINs or those above, never by another province
    const byOther = await t.query(REVOKE, { i: { grantId: granted.data.grantPartnerAccess.id, reason: "không phải của tôi" } }, admin("HP"));
    expect(code(byOther)).toBe("NOT_FOUND");
  });

  it("14.1: listing grants with their partners and chapters costs the same statements for 2 grants as for 12", async () => {
    const partnerId = await createTestPartner(asCentral);
    const statementsFor = async (first: number) => {
      const before = t.statements("organization");
      const res = await t.query(`query($n: Int!) { partnerGrants(first: $n) { nodes { id partner { name } chapter { code name } } } }`, { n: first }, admin("TW"));
      expect(res.data.partnerGrants.nodes).toHaveLength(first);
      return t.statements("organization") - before;
    };
    for (const chapter of ["BN", "HP", "DN", "AG", "TN", "BN", "HP", "DN", "AG", "TN", "BN", "HP"]) await grantTestPartner(asCentral, partnerId, chapter, ["org-figures"]);
    expect(await statementsFor(12)).toBe(await statementsFor(2));
  });

  it("14.1: a grant retried with its idempotency key is made once; a revoked grant cannot be changed (CONFLICT)", async () => {
    const partnerId = await createTestPartner(asCentral);
    const input = { partnerId, chapterId: ids.get("BN"), scopes: ["blood-stock"], validUntil: nextYear(), reason: "thử", idempotencyKey: `grant-${partnerId}` };
    const [first, retry] = await Promise.all([t.query(GRANT, { i: input }, admin("BN")), t.query(GRANT, { i: input }, admin("BN"))]);
    expect(retry.data.grantPartnerAccess.id).toBe(first.data.grantPartnerAccess.id);
    expect(await t.stack.organization.database.prisma.partnerGrant.count({ where: { partnerId } })).toBe(1);
    await t.query(REVOKE, { i: { grantId: first.data.grantPartnerAccess.id, reason: "thử" } }, admin("BN"));
    expect(code(await t.query(CHANGE, { i: { grantId: first.data.grantPartnerAccess.id, scopes: ["org-figures"], reason: "thử" } }, admin("BN")))).toBe("CONFLICT");
  });

  it("14.1: a grant wider than the granter's subtree is FORBIDDEN, saying why, and writes nothing", async () => {
    const partnerId = await createTestPartner(asCentral);
    const before = await t.stack.organization.database.prisma.partnerGrant.count();
    for (const chapter of ["HP", "TW"]) {
      const res = await t.query(GRANT, { i: { partnerId, chapterId: ids.get(chapter), scopes: ["blood-stock"], validUntil: nextYear(), reason: "quá rộng" } }, admin("BN"));
      expect(code(res)).toBe("FORBIDDEN");
      expect(res.errors![0]!.message).toContain(`${chapter} is outside it`);
    }
    expect(await t.stack.organization.database.prisma.partnerGrant.count()).toBe(before);
  });

  it("14.1: an unknown scope or operation is BAD_USER_INPUT listing the valid ones; a validity ending before it starts too; OFFICERs grant nothing", async () => {
    const partnerId = await createTestPartner(asCentral);
    const base = { partnerId, chapterId: ids.get("BN"), validUntil: nextYear(), reason: "thử" };
    const scope = await t.query(GRANT, { i: { ...base, scopes: ["everything"] } }, admin("BN"));
    expect(code(scope)).toBe("BAD_USER_INPUT");
    expect(scope.errors![0]!.message).toContain("blood-stock");
    const operation = await t.query(GRANT, { i: { ...base, scopes: ["blood-stock"], operations: ["DropEverything"] } }, admin("BN"));
    expect(code(operation)).toBe("BAD_USER_INPUT");
    expect(operation.errors![0]!.message).toContain("PartnerBloodStock");
    const backwards = await t.query(GRANT, { i: { ...base, scopes: ["blood-stock"], validFrom: "2026-01-10", validUntil: "2026-01-01" } }, admin("BN"));
    expect(backwards.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ field: "input.validUntil" }] });
    expect(code(await t.query(GRANT, { i: { ...base, scopes: ["blood-stock"] } }, { chapter: "BN", role: "OFFICER" }))).toBe("FORBIDDEN");
    expect(await t.stack.organization.database.prisma.partnerGrant.count({ where: { partnerId } })).toBe(0);
  });
});

describe("the token names the partner; the grants come from the data", () => {
  it("14.2: the token verifier drops a partner's grants claim and keeps a screen's", async () => {
    const verify = createUserTokenVerifier({});
    const partner = await verify(await signDevUserToken({ chapter: "BN", role: "PARTNER", sub: "p", grants: ["personal-data"] }));
    expect(partner).toMatchObject({ subject: "p", role: "PARTNER", grants: [] });
    const screen = await verify(await signDevUserToken({ chapter: "BN", role: "SCREEN", grants: ["ceremony:gala"] }));
    expect(screen.grants).toEqual(["ceremony:gala"]);
  });

  it("14.2: a forged grants claim opens nothing: without a grant in force the partner reads nothing", async () => {
    const partnerId = await createTestPartner(asCentral);
    const forged = await signDevUserToken({ chapter: "BN", role: "PARTNER", sub: partnerId, grants: ["blood-stock", "personal-data"] });
    const res = await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, forged);
    expect(code(res)).toBe("FORBIDDEN");
    expect(res.errors![0]!.message).toContain("expired or was revoked");
    const stranger = await signDevUserToken({ chapter: "BN", role: "PARTNER", sub: "no-such-partner", grants: ["blood-stock"] });
    expect(code(await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, stranger))).toBe("FORBIDDEN");
  });

  // one registered operation per subgraph, each needing its own scope; `home` is a province with
  // data there, HP is outside its slice
  const some = (rows: unknown[] | undefined) => (rows?.length ? rows : null);
  const PER_SUBGRAPH = [
    { subgraph: "organization", scope: "org-figures", home: "BN", operation: "PartnerChapterFigures", variables: (c: string) => ({ code: c, year: 2025 }), read: (d: any) => d?.chapter?.figures },
    { subgraph: "blood", scope: "blood-stock", home: "BN", operation: "PartnerBloodStock", variables: (c: string) => ({ from: "2025-01-01", to: "2025-12-31", chapterCode: c }), read: (d: any) => some(d?.bloodStock) },
    { subgraph: "humanitarian", scope: "humanitarian-figures", home: "BN", operation: "PartnerHumanitarianIndicators", variables: (c: string) => ({ code: c, year: 2025 }), read: (d: any) => some(d?.chapter?.humanitarianIndicators) },
    { subgraph: "emulation", scope: "emulation-results", home: "AG", operation: "PartnerEmulationResults", variables: (c: string) => ({ code: c, year: 2024 }), read: (d: any) => some(d?.chapter?.emulationPlans) },
  ];

  for (const { subgraph, scope, home, operation, variables, read } of PER_SUBGRAPH) {
    it(`14.2: in ${subgraph}, a partner granted ${scope} on ${home} reads ${home} and not HP; one granted another scope reads nothing there`, async () => {
      const granted = await grantedPartner(home, [scope]);
      const inside = await run(operation, variables(home), granted.token);
      expect(inside.errors).toBeUndefined();
      expect(read(inside.data)).toBeTruthy();
      const outside = await run(operation, variables("HP"), granted.token);
      expect(read(outside.data) ?? null).toBeNull();

      const other = await grantedPartner(home, [PER_SUBGRAPH.find((s) => s.scope !== scope)!.scope]);
      const refused = await run(operation, variables(home), other.token);
      expect(code(refused)).toBe("FORBIDDEN");
      expect(read(refused.data) ?? null).toBeNull();
    });
  }

  it("14.2: a revocation takes effect on the partner's very next request", async () => {
    const { grantId, token } = await grantedPartner("BN", ["blood-stock"]);
    expect(code(await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, token))).toBe("OK");
    const revoked = await t.query(REVOKE, { i: { grantId, reason: "hết hợp tác" } }, admin("TW"));
    expect(revoked.data.revokePartnerGrant).toMatchObject({ status: "REVOKED", revokedBy: "dev-admin@TW" });
    const after = await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, token);
    expect(code(after)).toBe("FORBIDDEN");
    expect(after.data?.bloodStock ?? null).toBeNull();
 
    // the revocation is on the audit trail as a grant change, with its reason
    const log = await t.query(
      `{ organizationAuditLog(kind: GRANT_CHANGE, operation: "revokePartnerGrant", first: 50) { nodes { kind operation outcome caller variables } } }`,
      {},
      admin("TW"),
    );
    expect(log.errors).toBeUndefined();
    const entry = log.data.organizationAuditLog.nodes.find((e: { variables: string }) => JSON.parse(e.variables).input?.grantId === grantId);
    expect(entry).toMatchObject({ kind: "GRANT_CHANGE", operation: "revokePartnerGrant", outcome: "OK", caller: "dev-admin@TW" });
  });

  it("14.2: an expired grant reads nothing; shortening a grant to end today ends it on the next request", async () => {
    const expired = await grantedPartner("BN", ["blood-stock"], { validFrom: "2024-01-01", validUntil: "2025-01-01" });
    expect(code(await run("PartnerBloodStock", { from: "2024-01-01", to: "2024-12-31" }, expired.token))).toBe("FORBIDDEN");

    const { grantId, token } = await grantedPartner("BN", ["blood-stock"], { validFrom: "2025-01-01" });
    expect(code(await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, token))).toBe("OK");
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const changed = await t.query(CHANGE, { i: { grantId, validUntil: today, reason: "kết thúc sớm" } }, admin("TW"));
    expect(changed.data.changePartnerGrant).toMatchObject({ status: "EXPIRED", validUntil: today });
    expect(code(await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, token))).toBe("FORBIDDEN");
  });

  it("14.2: personal data stays out of reach unless a grant names personal-data", async () => {
    const DONORS = `query { donors(first: 1) { nodes { fullName } } }`;
    const withoutGrant = await grantedPartner("BN", ["blood-stock"]);
    const direct = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${withoutGrant.token}` }, body: JSON.stringify({ query: DONORS }) });
    // a partner sends no ad-hoc query, and no registered operation reads donors
    expect(((await direct.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe("PERSISTED_ONLY");
  });
});

describe("partners run only the registered operations their grants list", () => {
  it("14.3: an operation outside the grant's list is refused with OPERATION_NOT_GRANTED; a listed one runs", async () => {
    const { grantId, token } = await grantedPartner("BN", ["blood-stock", "org-figures"], { operations: ["PartnerBloodStock"] });
    expect(code(await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, token))).toBe("OK");
    const refused = await run("PartnerChapterFigures", { code: "BN", year: 2025 }, token);
    expect(code(refused)).toBe("OPERATION_NOT_GRANTED");
    expect(refused.errors![0]!.message).toContain("PartnerBloodStock");
    // an empty list allows every registered operation
    const widened = await t.query(CHANGE, { i: { grantId, operations: [], reason: "mở rộng" } }, admin("TW"));
    expect(widened.data.changePartnerGrant.operations).toEqual([]);
    expect(code(await run("PartnerChapterFigures", { code: "BN", year: 2025 }, token))).toBe("OK");
  });
});

describe("a revocation ends live streams", () => {
  const open = (token: string) => live.open(t.url, token);
  const track = live.track;

  it("14.2: revoking a blood centre's grant ends its graphql-ws subscription and its SSE stream within seconds", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-21");
    const { grantId, token } = await grantedPartner("BN", ["blood-stock"]);
    const request: Request = registeredOperation("PartnerBloodDriveProgress", { driveId });
    const overWs = track(subscribeWs(open(token), request));
    const overSse = track(subscribeSse(t.url, token, request));
    await overWs.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);
    await overSse.waitFor((e) => e.data?.bloodDriveProgress?.donations === 0);

    await t.query(REVOKE, { i: { grantId, reason: "thu hồi" } }, admin("TW"));
    const wsEnd = await overWs.waitFor((e) => Boolean(e.errors?.length), 10_000);
    expect(wsEnd.errors![0]!.extensions?.code).toBe("FORBIDDEN");
    expect(wsEnd.errors![0]!.message).toContain("revoked");
    await overWs.ended;
    await overSse.waitFor((e) => Boolean(e.errors?.length), 10_000);
    await overSse.ended;
    // and a new subscription is refused
    const again = track(subscribeWs(open(token), request));
    expect((await again.waitFor((e) => Boolean(e.errors?.length), 10_000)).errors![0]!.extensions?.code).toBe("FORBIDDEN");
  });

  it("14.2: narrowing a grant so it no longer names blood-stock ends the stream; widening another partner's leaves its stream open", async () => {
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-06-22");
    const request: Request = registeredOperation("PartnerBloodDriveProgress", { driveId });
    const narrowed = await grantedPartner("BN", ["blood-stock", "blood-figures"]);
    const widened = await grantedPartner("BN", ["blood-stock"]);
    const cut = track(subscribeWs(open(narrowed.token), request));
    const kept = track(subscribeWs(open(widened.token), request));
    await cut.waitFor((e) => e.data?.bloodDriveProgress);
    await kept.waitFor((e) => e.data?.bloodDriveProgress);

    await t.query(CHANGE, { i: { grantId: widened.grantId, scopes: ["blood-stock", "org-figures"], reason: "thêm số liệu" } }, admin("TW"));
    await t.query(CHANGE, { i: { grantId: narrowed.grantId, scopes: ["blood-figures"], reason: "chỉ số liệu" } }, admin("TW"));
    expect((await cut.waitFor((e) => Boolean(e.errors?.length), 10_000)).errors![0]!.extensions?.code).toBe("FORBIDDEN");
    // the widened partner's stream still follows the drive
    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-06-22");
    await kept.waitFor((e) => e.data?.bloodDriveProgress?.donations === 1);
    expect(kept.events.some((e) => e.errors?.length)).toBe(false);
  });
});

describe("a partner's view, as docs/partners-and-audit.md walks through it", () => {
  it("14.5: the demo Bắc Ninh blood centre reads its province's stock by group, and nothing else", async () => {
    const token = await partnerToken(DEMO_PARTNERS.bloodCentreBacNinh, "BN");
    const stock = await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, token);
    expect(stock.errors).toBeUndefined();
    expect(stock.data.bloodStock.map((line: { bloodGroup: string }) => line.bloodGroup)).toContain("O+");
    expect((await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31", chapterCode: "HP" }, token)).data.bloodStock).toEqual([]);
    expect(code(await run("PartnerChapterFigures", { code: "BN", year: 2025 }, token))).toBe("OPERATION_NOT_GRANTED");
    // the same partner named with another chapter's code holds no grant there
    expect(code(await run("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }, await partnerToken(DEMO_PARTNERS.bloodCentreBacNinh, "HP")))).toBe("FORBIDDEN");
  });
});
