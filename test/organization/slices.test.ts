// ORG-TREE: each caller sees their chapter and everything below it — never above or beside —
// and may write only there, with an OFFICER or ADMIN role.
import { DEMO, codes, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const BEFORE_REFORM = "2024-12-31";
const tuSonOfficer = { chapter: DEMO.tuSon, role: "OFFICER" as const };

const idOf = async (code: string, asOf = BEFORE_REFORM) =>
  (await t.query(`query($c: String!, $d: Date) { chapter(code: $c, asOf: $d) { id } }`, { c: code, d: asOf })).data.chapter.id as string;

describe("ORG-TREE slices: a district officer (Từ Sơn, before the reform)", () => {
  it("sees its own chapter and its whole subtree", async () => {
    const res = await t.query(
      `query($d: Date) { chapters(asOf: $d, first: 1000) { totalCount nodes { code } } }`,
      { d: BEFORE_REFORM },
      tuSonOfficer,
    );
    expect(res.errors).toBeUndefined();
    const seen = codes(res.data.chapters.nodes);
    expect(seen).toContain(DEMO.tuSon);
    expect(seen).toContain(DEMO.dongNgan);
    expect(seen.every((code) => code.startsWith(`${DEMO.tuSon}.`) || code === DEMO.tuSon)).toBe(true);
    expect(res.data.chapters.totalCount).toBe(seen.length);
  });

  it("cannot read its province or a sibling district, and gets the same answer as for a chapter that does not exist", async () => {
    for (const code of [DEMO.bacNinh, DEMO.tienDu, DEMO.central, "NO.SUCH.CODE"]) {
      const res = await t.query(`query($c: String!, $d: Date) { chapter(code: $c, asOf: $d) { code name } }`, { c: code, d: BEFORE_REFORM }, tuSonOfficer);
      expect(res.data.chapter).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      expect(res.errors?.[0]?.message).toBe(`No chapter ${code} in your part of the tree.`);
    }
  });

  it("does not see its parent or ancestors through its own chapter", async () => {
    const res = await t.query(
      `query($c: String!, $d: Date) { chapter(code: $c, asOf: $d) { code parent { code } ancestors { code } } }`,
      { c: DEMO.tuSon, d: BEFORE_REFORM },
      tuSonOfficer,
    );
    expect(res.data.chapter).toEqual({ code: DEMO.tuSon, parent: null, ancestors: [] });
  });

  it("finds nothing of others by searching", async () => {
    const res = await t.query(`query($d: Date) { chapters(asOf: $d, search: "tien du") { totalCount nodes { code } } }`, { d: BEFORE_REFORM }, tuSonOfficer);
    expect(res.data.chapters.totalCount).toBe(0);
  });

  it("ORG-REFORM: writes nothing at all now that its district is dissolved — not even inside its old subtree — and is told who took over", async () => {
    const bacNinh = await idOf(DEMO.bacNinh);
    const tienDu = await idOf(DEMO.tienDu);
    const before = await t.stack.organization.database.prisma.chapterVersion.count();
    const basis = { effectiveDate: "2024-06-01", decisionNumber: "01/QĐ-TEST" };
    const create = await t.query(
      `mutation($p: ID!, $b: ChangeBasisInput!) { createChapter(chapter: { code: "BN.X1", name: "Hội CTĐ xã Thử", level: COMMUNE, parentId: $p }, basis: $b) { id } }`,
      { p: bacNinh, b: basis },
      tuSonOfficer,
    );
    expect(create.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const rename = await t.query(
      `mutation($id: ID!, $b: ChangeBasisInput!) { renameChapter(chapterId: $id, name: "Đổi tên", basis: $b) { id } }`,
      { id: tienDu, b: basis },
      tuSonOfficer,
    );
    expect(rename.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const own = await t.query(
      `mutation($id: ID!, $b: ChangeBasisInput!) { renameChapter(chapterId: $id, name: "Đổi tên", basis: $b) { id } }`,
      { id: await idOf(DEMO.dongNgan), b: basis },
      tuSonOfficer,
    );
    expect(own.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(own.errors?.[0]?.message).toMatch(/BN\.TS no longer exists[\s\S]*passed to BN\b/);
    expect(await t.stack.organization.database.prisma.chapterVersion.count()).toBe(before);
  });

  it("its successor cannot back-date a change under a ward that has since merged: changes go in date order", async () => {
    const ward = await idOf(DEMO.dongNgan);
    const res = await t.query(
      `mutation($p: ID!, $b: ChangeBasisInput!) { createChapter(chapter: { code: "${DEMO.dongNgan}.TEST0", name: "Chi hội thử", level: BRANCH, parentId: $p }, basis: $b) { id } }`,
      { p: ward, b: { effectiveDate: "2024-06-01", decisionNumber: "02/QĐ-CTĐ" } },
      { chapter: DEMO.bacNinh, role: "OFFICER" },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(res.errors?.[0]?.message).toMatch(/2025-07-01.*date order/);
  });
});

describe("ORG-TREE slices: writing inside one's own subtree", () => {
  const wardOfficer = { chapter: DEMO.newTuSonWard, role: "OFFICER" as const };

  it("a commune officer founds a branch in its commune", async () => {
    const ward = await idOf(DEMO.newTuSonWard, "2026-01-01");
    const res = await t.query(
      `mutation($p: ID!, $b: ChangeBasisInput!) { createChapter(chapter: { code: "${DEMO.newTuSonWard}.KP9", name: "Chi hội Chữ thập đỏ khu phố 9", level: BRANCH, parentId: $p }, basis: $b) { kind chapters { code parent { code } } } }`,
      { p: ward, b: { effectiveDate: "2026-01-01", decisionNumber: "02/QĐ-CTĐ" } },
      wardOfficer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createChapter.kind).toBe("CREATE");
    expect(res.data.createChapter.chapters).toEqual([{ code: `${DEMO.newTuSonWard}.KP9`, parent: { code: DEMO.newTuSonWard } }]);
  });

  it("but cannot found one beside it, under its province", async () => {
    const province = await idOf(DEMO.bacNinh, "2026-01-01");
    const res = await t.query(
      `mutation($p: ID!, $b: ChangeBasisInput!) { createChapter(chapter: { code: "BN.NEWX", name: "Hội CTĐ xã Mới", level: COMMUNE, parentId: $p }, basis: $b) { id } }`,
      { p: province, b: { effectiveDate: "2026-01-01", decisionNumber: "03/QĐ-CTĐ" } },
      wardOfficer,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("ORG-TREE slices: roles", () => {
  it("a VIEWER reads its slice but may not write in it", async () => {
    const ward = await idOf(DEMO.dongNgan);
    const read = await t.query(`query($c: String!, $d: Date) { chapter(code: $c, asOf: $d) { code } }`, { c: DEMO.dongNgan, d: BEFORE_REFORM }, { chapter: DEMO.tuSon, role: "VIEWER" });
    expect(read.data.chapter.code).toBe(DEMO.dongNgan);
    const write = await t.query(
      `mutation($id: ID!) { renameChapter(chapterId: $id, name: "X", basis: { effectiveDate: "2024-06-01", decisionNumber: "1" }) { id } }`,
      { id: ward },
      { chapter: DEMO.tuSon, role: "VIEWER" },
    );
    expect(write.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("a commune officer sees only its commune and its branches", async () => {
    const res = await t.query(`query($d: Date) { chapters(asOf: $d) { nodes { code level } } }`, { d: BEFORE_REFORM }, { chapter: DEMO.dongNgan, role: "OFFICER" });
    const levels = new Set(res.data.chapters.nodes.map((n: { level: string }) => n.level));
    expect([...levels].every((l) => l === "COMMUNE" || l === "BRANCH")).toBe(true);
    expect(res.data.chapters.nodes.filter((n: { level: string }) => n.level === "COMMUNE")).toHaveLength(1);
  });

  it("a caller whose chapter is unknown sees nothing", async () => {
    const res = await t.query(`{ chapters { totalCount } }`, {}, { chapter: "ZZ", role: "ADMIN" });
    expect(res.data.chapters.totalCount).toBe(0);
  });

  it("the province officer who inherited a merged province (ORG-REFORM) sees its history", async () => {
    const res = await t.query(`query($c: String!) { chapter(code: $c, asOf: "2024-12-31") { code status children { totalCount } } }`, { c: DEMO.kienGiang }, { chapter: DEMO.anGiang, role: "OFFICER" });
    expect(res.data.chapter.code).toBe(DEMO.kienGiang);
    expect(res.data.chapter.status).toBe("ACTIVE");
    expect(res.data.chapter.children.totalCount).toBeGreaterThan(0);
  });
});
