// ORG-TARGETS: a chapter assigns yearly targets to the chapters directly below it; each sees,
// for its own target, the sum of what it assigned below; Target is a federation entity keyed by
// (chapterId, indicatorCode, year) that any subgraph can reference.
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const admin = { chapter: DEMO.central, role: "ADMIN" as const };
const idOf = async (code: string) => (await t.query(`{ chapter(code: "${code}") { id } }`, {}, admin)).data.chapter.id as string;
const ASSIGN = `mutation($input: AssignTargetsInput!) { assignTargets(input: $input) { chapterId indicatorCode year value unit assignedBy { code } } }`;

describe("ORG-TARGETS giao chỉ tiêu", () => {
  it("the indicator catalogue names the subgraph that measures each indicator, blood included", async () => {
    const res = await t.query(`{ indicators(first: 50) { totalCount nodes { code name unit ownerSubgraph } } }`, {}, admin);
    const byCode = Object.fromEntries(res.data.indicators.nodes.map((i: any) => [i.code, i]));
    expect(byCode["blood.units"]).toMatchObject({ unit: "BLOOD_UNITS", ownerSubgraph: "blood" });
    expect(byCode["org.dues-rate"]).toMatchObject({ unit: "PERCENT", ownerSubgraph: "organization" });
  });

  it("a province officer assigns 2027 targets to two communes; the province's own target shows the sum assigned below", async () => {
    const [bn, ward, lim, central] = await Promise.all([idOf(DEMO.bacNinh), idOf(DEMO.newTuSonWard), idOf(DEMO.tienDuCommune), idOf(DEMO.central)]);
    const officer = { chapter: DEMO.bacNinh, role: "OFFICER" as const };
    const res = await t.query(ASSIGN, { input: { parentId: bn, year: 2027, indicatorCode: "blood.units", targets: [{ chapterId: ward, value: 300 }, { chapterId: lim, value: 150 }], idempotencyKey: "t-2027" } }, officer);
    expect(res.errors).toBeUndefined();
    expect(res.data.assignTargets).toHaveLength(2);
    expect(res.data.assignTargets[0]).toMatchObject({ year: 2027, unit: "BLOOD_UNITS", assignedBy: { code: DEMO.bacNinh } });
    // the central society assigns Bắc Ninh's own target
    await t.query(ASSIGN, { input: { parentId: central, year: 2027, indicatorCode: "blood.units", targets: [{ chapterId: bn, value: 1000 }] } }, admin);
    const own = await t.query(`{ chapter(code: "${DEMO.bacNinh}") { targets(year: 2027) { nodes { indicatorCode value assignedBelow { sum count } } } } }`, {}, officer);
    expect(own.data.chapter.targets.nodes).toEqual([{ indicatorCode: "blood.units", value: 1000, assignedBelow: { sum: 450, count: 2 } }]);
    // a retry with the same key changes nothing; the same key with other values is refused
    const again = await t.query(ASSIGN, { input: { parentId: bn, year: 2027, indicatorCode: "blood.units", targets: [{ chapterId: ward, value: 300 }, { chapterId: lim, value: 150 }], idempotencyKey: "t-2027" } }, officer);
    expect(again.data.assignTargets.map((x: any) => x.value)).toEqual([300, 150]);
    const other = await t.query(ASSIGN, { input: { parentId: bn, year: 2027, indicatorCode: "blood.units", targets: [{ chapterId: ward, value: 999 }, { chapterId: lim, value: 150 }], idempotencyKey: "t-2027" } }, officer);
    expect(other.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const kept = await t.query(`{ chapter(code: "${DEMO.bacNinh}") { targets(year: 2027) { nodes { assignedBelow { sum } } } } }`, {}, officer);
    expect(kept.data.chapter.targets.nodes[0].assignedBelow.sum).toBe(450);
  });

  it("a commune officer cannot set its own target (it is assigned from above), and nothing is written", async () => {
    const [bn, ward] = await Promise.all([idOf(DEMO.bacNinh), idOf(DEMO.newTuSonWard)]);
    const before = await t.stack.organization.database.prisma.target.count();
    const res = await t.query(ASSIGN, { input: { parentId: bn, year: 2027, indicatorCode: "org.members", targets: [{ chapterId: ward, value: 1 }] } }, { chapter: DEMO.newTuSonWard, role: "OFFICER" });
    expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const viewer = await t.query(ASSIGN, { input: { parentId: bn, year: 2027, indicatorCode: "org.members", targets: [{ chapterId: ward, value: 1 }] } }, { chapter: DEMO.bacNinh, role: "VIEWER" });
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await t.stack.organization.database.prisma.target.count()).toBe(before);
  });

  it("only direct children, values in the indicator's unit, known indicators", async () => {
    const [central, ward, bn] = await Promise.all([idOf(DEMO.central), idOf(DEMO.newTuSonWard), idOf(DEMO.bacNinh)]);
    const notChild = await t.query(ASSIGN, { input: { parentId: central, year: 2027, indicatorCode: "org.members", targets: [{ chapterId: ward, value: 10 }] } }, admin);
    expect(notChild.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(notChild.errors?.[0]?.message).toMatch(/directly above/);
    const percent = await t.query(ASSIGN, { input: { parentId: bn, year: 2027, indicatorCode: "org.dues-rate", targets: [{ chapterId: ward, value: 120 }] } }, admin);
    expect(percent.errors?.[0]?.message).toMatch(/between 0 and 100/);
    const unknown = await t.query(ASSIGN, { input: { parentId: bn, year: 2027, indicatorCode: "no.such", targets: [{ chapterId: ward, value: 1 }] } }, admin);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("Target resolves by its composite key through the gateway's entity protocol, slice-checked", async () => {
    const ward = await idOf(DEMO.newTuSonWard);
    const rep = { __typename: "Target", chapterId: ward, indicatorCode: "org.members", year: 2026 };
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Target { value unit assignedBelow { sum } } } }`;
    const service = t.stack.organization;
    const { signInternalIdentity } = await import("@chapters/core");
    const call = async (chapter: string) => {
      const token = await signInternalIdentity({ subject: "test", chapterCode: chapter, role: "VIEWER", grants: [] }, "organization");
      const response = await fetch(service.url, { method: "POST", headers: { "content-type": "application/json", "x-chapters-identity": token }, body: JSON.stringify({ query: q, variables: { r: [rep, { ...rep, year: 1999 }] } }) });
      return (await response.json()) as any;
    };
    const inside = await call(DEMO.bacNinh);
    expect(inside.data._entities).toEqual([{ value: 40, unit: "COUNT", assignedBelow: { sum: 0 } }, null]);
    const outside = await call(DEMO.haiPhong);
    expect(outside.data._entities).toEqual([null, null]);
  });
});

describe("ORG-TARGETS over a year a reform cut in two", () => {
  it("ORG-TARGETS: Từ Sơn, a district from January to June 2025, assigns 2025 targets to the wards it had then", async () => {
    const [ts, dongNgan, chauKhe] = await Promise.all([idOf(DEMO.tuSon), idOf(DEMO.dongNgan), idOf(DEMO.chauKhe)]);
    const officer = { chapter: DEMO.bacNinh, role: "OFFICER" as const };
    const res = await t.query(
      ASSIGN,
      { input: { parentId: ts, year: 2025, indicatorCode: "org.members", targets: [{ chapterId: dongNgan, value: 18 }, { chapterId: chauKhe, value: 16 }] } },
      officer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.assignTargets.map((x: { value: number; assignedBy: { code: string } }) => [x.value, x.assignedBy?.code ?? null])).toEqual([
      [18, DEMO.tuSon],
      [16, DEMO.tuSon],
    ]);
    // a chapter that was never its child that year is still refused
    const stranger = await t.query(ASSIGN, { input: { parentId: ts, year: 2025, indicatorCode: "org.members", targets: [{ chapterId: await idOf(DEMO.newTuSonWard), value: 1 }] } }, officer);
    expect(stranger.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("ORG-TARGETS: a range target (Từ Sơn: 800–1,400 units of blood a year) keeps both bounds", async () => {
    const res = await t.query(`{ chapter(code: "${DEMO.tuSon}", asOf: "2024-12-31") { targets(year: 2024) { nodes { indicatorCode value maxValue } } } }`, {}, admin);
    expect(res.errors).toBeUndefined();
    const units = res.data.chapter.targets.nodes.find((n: { indicatorCode: string }) => n.indicatorCode === "blood.units");
    expect(units).toEqual({ indicatorCode: "blood.units", value: 800, maxValue: 1_400 });
    const refused = await t.query(
      ASSIGN,
      { input: { parentId: await idOf(DEMO.bacNinh), year: 2027, indicatorCode: "blood.units", targets: [{ chapterId: await idOf(DEMO.newTuSonWard), value: 900, maxValue: 800 }] } },
      admin,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("ORG-TARGETS: a chapter's targets page in SQL — pages of two follow the cursor, totalCount is the rows' count, a page past the end keeps it", async () => {
    const db = t.stack.organization.database.prisma;
    const expected = async (code: string) =>
      (await db.$queryRaw<{ indicatorCode: string }[]>`
        SELECT t."indicatorCode" FROM "Target" t JOIN "Chapter" c ON c.id = t."chapterId" WHERE c.code = ${code} AND t.year = 2024 ORDER BY t."indicatorCode"`).map((r) => r.indicatorCode);
    const PAGE = `query($after: String) {
      tuSon: chapter(code: "${DEMO.tuSon}", asOf: "2024-12-31") { targets(year: 2024, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { indicatorCode } } }
      bacNinh: chapter(code: "${DEMO.bacNinh}", asOf: "2024-12-31") { targets(year: 2024, first: 2, after: $after) { totalCount nodes { indicatorCode } } }
    }`;
    const want = { tuSon: await expected(DEMO.tuSon), bacNinh: await expected(DEMO.bacNinh) };
    expect(want.tuSon.length).toBeGreaterThan(2); // more than one page, so the paging is seen
    const seen: Record<"tuSon" | "bacNinh", string[]> = { tuSon: [], bacNinh: [] };
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res: any = await t.query(PAGE, { after }, admin);
      expect(res.errors).toBeUndefined();
      for (const key of ["tuSon", "bacNinh"] as const) {
        const page = res.data[key].targets;
        expect(page.totalCount).toBe(want[key].length);
        expect(page.nodes.length).toBeLessThanOrEqual(2);
        seen[key].push(...page.nodes.map((n: { indicatorCode: string }) => n.indicatorCode));
      }
      if (!res.data.tuSon.targets.pageInfo.hasNextPage) break;
      after = res.data.tuSon.targets.pageInfo.endCursor;
    }
    expect(seen.tuSon).toEqual(want.tuSon);
    expect(seen.bacNinh).toEqual(want.bacNinh.slice(0, seen.bacNinh.length));
    const past = await t.query(`{ chapter(code: "${DEMO.tuSon}", asOf: "2024-12-31") { targets(year: 2024, first: 2, after: "${Buffer.from("OffsetConnection:500").toString("base64")}") { totalCount nodes { indicatorCode } } } }`, {}, admin);
    expect(past.data.chapter.targets).toEqual({ totalCount: want.tuSon.length, nodes: [] });
  });
});
