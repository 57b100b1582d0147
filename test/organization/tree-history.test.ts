// ORG-REFORM: the tree has a history. Every tree question is answered with the tree of the date
// asked for; merges keep identities; changes are recorded once, in date order, all or nothing.
import { DEMO, codes, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const admin = { chapter: DEMO.central, role: "ADMIN" as const };
const childrenOf = async (code: string, asOf?: string) => {
  const res = await t.query(
    `query($c: String!, $d: Date) { chapter(code: $c, asOf: $d) { status children(first: 1000) { totalCount nodes { code level } } } }`,
    { c: code, d: asOf },
    admin,
  );
  expect(res.errors).toBeUndefined();
  return res.data.chapter as { status: string; children: { totalCount: number; nodes: { code: string; level: string }[] } };
};
const idOf = async (code: string, asOf?: string) =>
  (await t.query(`query($c: String!, $d: Date) { chapter(code: $c, asOf: $d) { id } }`, { c: code, d: asOf }, admin)).data.chapter.id as string;

describe("ORG-REFORM the tree as of 2024-12-31 versus today", () => {
  it("Bắc Ninh had districts in 2024; today its communes sit directly under it", async () => {
    const then = await childrenOf(DEMO.bacNinh, "2024-12-31");
    expect(codes(then.children.nodes)).toContain(DEMO.tuSon);
    expect(then.children.nodes.some((c) => c.level === "COMMUNE")).toBe(false);
    const now = await childrenOf(DEMO.bacNinh);
    expect(now.children.nodes.some((c) => c.level === "DISTRICT")).toBe(false);
    expect(now.children.nodes.some((c) => c.level === "COMMUNE")).toBe(true);
  });

  it("no district-level chapter is active today, several were on 2024-12-31", async () => {
    const q = `query($d: Date) { chapters(asOf: $d, levels: [DISTRICT]) { totalCount } }`;
    expect((await t.query(q, { d: "2024-12-31" }, admin)).data.chapters.totalCount).toBeGreaterThan(3);
    expect((await t.query(q, {}, admin)).data.chapters.totalCount).toBe(0);
  });

  it("Kiên Giang keeps its identity and history after merging into An Giang", async () => {
    const res = await t.query(
      `query($c: String!) {
        today: chapter(code: $c) { id code status statusLabel endedOn successors { kind effectiveDate successor { code } change { decisionNumber } } }
        before: chapter(code: $c, asOf: "2024-12-31") { id status children { totalCount } }
      }`,
      { c: DEMO.kienGiang },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.today.id).toBe(res.data.before.id);
    expect(res.data.today.status).toBe("MERGED");
    expect(res.data.today.statusLabel).toBe("Đã sáp nhập");
    expect(res.data.today.endedOn).toBe("2025-07-01");
    expect(res.data.today.successors).toEqual([
      { kind: "MERGE", effectiveDate: "2025-07-01", successor: { code: DEMO.anGiang }, change: { decisionNumber: expect.any(String) } },
    ]);
    expect(res.data.before.status).toBe("ACTIVE");
    expect(res.data.before.children.totalCount).toBeGreaterThan(0);
  });

  it("An Giang lists its predecessors, and the old Rạch Giá wards are below it today", async () => {
    const res = await t.query(
      `query($c: String!) { chapter(code: $c) { predecessors { predecessor { code } } descendants(first: 1000) { nodes { code } } } }`,
      { c: DEMO.anGiang },
      admin,
    );
    expect(res.data.chapter.predecessors.map((p: { predecessor: { code: string } }) => p.predecessor.code)).toContain(DEMO.kienGiang);
    expect(res.data.chapter.descendants.nodes.some((n: { code: string }) => n.code.startsWith(`${DEMO.rachGia}.`))).toBe(true);
  });

  it("a ward's history shows its district parent, then its province", async () => {
    const res = await t.query(
      `query($c: String!) { chapter(code: $c, asOf: "2024-12-31") { history { validFrom validTo parent { code } change { kind decisionNumber } } } }`,
      { c: DEMO.rachGiaWard },
      admin,
    );
    const parents = res.data.chapter.history.map((h: { parent: { code: string } | null }) => h.parent?.code);
    expect(parents[0]).toBe(DEMO.rachGia);
    expect(parents.at(-1)).toBe(DEMO.anGiang);
    expect(res.data.chapter.history.at(-1).validFrom).toBe("2025-07-01");
  });

  it("ancestors follow the date asked for", async () => {
    const q = `query($c: String!, $d: Date) { chapter(code: $c, asOf: $d) { ancestors { code } } }`;
    const then = await t.query(q, { c: DEMO.rachGiaWard, d: "2024-12-31" }, admin);
    expect(codes(then.data.chapter.ancestors)).toEqual(codes([{ code: DEMO.central }, { code: DEMO.kienGiang }, { code: DEMO.rachGia }]));
    const now = await t.query(q, { c: DEMO.rachGiaWard }, admin);
    expect(codes(now.data.chapter.ancestors)).toEqual(codes([{ code: DEMO.central }, { code: DEMO.anGiang }]));
  });
});

describe("ORG-REFORM recording changes", () => {
  const basis = (effectiveDate: string, extra: Record<string, unknown> = {}) => ({ effectiveDate, decisionNumber: "99/QĐ-TEST", ...extra });

  it("create, rename, move, split, merge and dissolve, each seen from its date on", async () => {
    const haiPhong = await idOf(DEMO.haiPhong);
    const created = await t.query(
      `mutation($p: ID!, $b: ChangeBasisInput!) { createChapter(chapter: { code: "HP.T1", name: "Hội CTĐ phường Thử Một", level: COMMUNE, parentId: $p }, basis: $b) { kind chapters { id } } }`,
      { p: haiPhong, b: basis("2026-01-01") },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const t1 = created.data.createChapter.chapters[0].id;
    const branches = [];
    for (const n of [1, 2]) {
      const b = await t.query(
        `mutation($p: ID!, $b: ChangeBasisInput!) { createChapter(chapter: { code: "HP.T1.B${n}", name: "Chi hội khu phố ${n}", level: BRANCH, parentId: $p }, basis: $b) { chapters { id } } }`,
        { p: t1, b: basis("2026-01-01") },
        admin,
      );
      branches.push(b.data.createChapter.chapters[0].id);
    }
    const renamed = await t.query(
      `mutation($id: ID!, $b: ChangeBasisInput!) { renameChapter(chapterId: $id, name: "Hội CTĐ phường Thử Nhất", basis: $b) { kind } }`,
      { id: t1, b: basis("2026-02-01") },
      admin,
    );
    expect(renamed.data.renameChapter.kind).toBe("RENAME");
    const nameOn = async (d: string) =>
      (await t.query(`query($d: Date) { chapter(code: "HP.T1", asOf: $d) { name } }`, { d }, admin)).data.chapter.name;
    expect(await nameOn("2026-01-31")).toBe("Hội CTĐ phường Thử Một");
    expect(await nameOn("2026-02-01")).toBe("Hội CTĐ phường Thử Nhất");

    const split = await t.query(
      `mutation($id: ID!, $parts: [SplitPartInput!]!, $b: ChangeBasisInput!) { splitChapter(chapterId: $id, parts: $parts, basis: $b) { kind } }`,
      {
        id: t1,
        parts: [
          { chapter: { code: "HP.T2", name: "Hội CTĐ phường Thử Hai", level: "COMMUNE" }, childIds: [branches[0]] },
          { chapter: { code: "HP.T3", name: "Hội CTĐ phường Thử Ba", level: "COMMUNE" }, childIds: [branches[1]] },
        ],
        b: basis("2026-03-01"),
      },
      admin,
    );
    expect(split.errors).toBeUndefined();
    expect((await childrenOf("HP.T2", "2026-03-01")).children.nodes.map((n) => n.code)).toEqual(["HP.T1.B1"]);
    expect((await childrenOf("HP.T1", "2026-03-01")).status).toBe("SPLIT");

    const t2 = await idOf("HP.T2", "2026-03-01");
    const t3 = await idOf("HP.T3", "2026-03-01");
    const merged = await t.query(
      `mutation($ids: [ID!]!, $into: NewChapterInput!, $b: ChangeBasisInput!) { mergeChapters(chapterIds: $ids, intoNew: $into, basis: $b) { kind } }`,
      { ids: [t2, t3], into: { code: "HP.T4", name: "Hội CTĐ phường Thử Bốn", level: "COMMUNE", parentId: haiPhong }, b: basis("2026-04-01") },
      admin,
    );
    expect(merged.errors).toBeUndefined();
    expect(codes((await childrenOf("HP.T4", "2026-04-01")).children.nodes)).toEqual(["HP.T1.B1", "HP.T1.B2"]);
    const preds = await t.query(`{ chapter(code: "HP.T4", asOf: "2026-04-01") { predecessors { predecessor { code } } } }`, {}, admin);
    expect(codes(preds.data.chapter.predecessors.map((p: { predecessor: { code: string } }) => p.predecessor))).toEqual(["HP.T2", "HP.T3"]);

    const t4 = await idOf("HP.T4", "2026-04-01");
    const t5 = await t.query(
      `mutation($p: ID!, $b: ChangeBasisInput!) { createChapter(chapter: { code: "HP.T5", name: "Hội CTĐ phường Thử Năm", level: COMMUNE, parentId: $p }, basis: $b) { chapters { id } } }`,
      { p: haiPhong, b: basis("2026-04-15") },
      admin,
    );
    const moved = await t.query(
      `mutation($ids: [ID!]!, $p: ID!, $b: ChangeBasisInput!) { moveChapters(chapterIds: $ids, newParentId: $p, basis: $b) { kind } }`,
      { ids: [branches[1]], p: t5.data.createChapter.chapters[0].id, b: basis("2026-05-01") },
      admin,
    );
    expect(moved.errors).toBeUndefined();
    const branchParent = async (d: string) =>
      (await t.query(`query($d: Date) { chapter(code: "HP.T1.B2", asOf: $d) { parent { code } ancestors { code } } }`, { d }, admin)).data.chapter;
    expect(await branchParent("2026-04-30")).toEqual({ parent: { code: "HP.T4" }, ancestors: [{ code: DEMO.central }, { code: DEMO.haiPhong }, { code: "HP.T4" }] });
    expect(await branchParent("2026-05-01")).toEqual({ parent: { code: "HP.T5" }, ancestors: [{ code: DEMO.central }, { code: DEMO.haiPhong }, { code: "HP.T5" }] });

    const blocked = await t.query(
      `mutation($id: ID!, $b: ChangeBasisInput!) { dissolveChapter(chapterId: $id, basis: $b) { kind } }`,
      { id: t4, b: basis("2026-06-01") },
      admin,
    );
    expect(blocked.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect((await childrenOf("HP.T4", "2026-06-01")).status).toBe("ACTIVE");

    for (const branch of [branches[0]]) {
      const d = await t.query(`mutation($id: ID!, $b: ChangeBasisInput!) { dissolveChapter(chapterId: $id, basis: $b) { kind } }`, { id: branch, b: basis("2026-06-01") }, admin);
      expect(d.errors).toBeUndefined();
    }
    const dissolved = await t.query(`mutation($id: ID!, $b: ChangeBasisInput!) { dissolveChapter(chapterId: $id, basis: $b) { kind } }`, { id: t4, b: basis("2026-06-01") }, admin);
    expect(dissolved.errors).toBeUndefined();
    expect((await childrenOf("HP.T4", "2026-06-01")).status).toBe("DISSOLVED");
    expect((await childrenOf("HP.T4", "2026-05-31")).children.totalCount).toBe(1);
  });

  it("a retried change with the same idempotency key is recorded once", async () => {
    const haiPhong = await idOf(DEMO.haiPhong);
    const run = () =>
      t.query(
        `mutation($p: ID!, $b: ChangeBasisInput!) { createChapter(chapter: { code: "HP.IDEM", name: "Hội CTĐ phường Một Lần", level: COMMUNE, parentId: $p }, basis: $b) { id } }`,
        { p: haiPhong, b: basis("2026-01-01", { idempotencyKey: "create-hp-idem-1" }) },
        admin,
      );
    const first = await run();
    const second = await run();
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data.createChapter.id).toBe(first.data.createChapter.id);
    expect(await t.stack.organization.database.prisma.chapter.count({ where: { code: "HP.IDEM" } })).toBe(1);
  });

  it("a change dated before a later change of the same chapters is refused, and nothing is written", async () => {
    const ward = await idOf(DEMO.rachGiaWard);
    const versions = await t.stack.organization.database.prisma.chapterVersion.count();
    const res = await t.query(
      `mutation($id: ID!, $b: ChangeBasisInput!) { renameChapter(chapterId: $id, name: "Tên lùi ngày", basis: $b) { id } }`,
      { id: ward, b: basis("2025-06-30") },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(res.errors?.[0]?.message).toMatch(/date order/);
    expect(await t.stack.organization.database.prisma.chapterVersion.count()).toBe(versions);
  });

  it("a move that would put a chapter under its own descendant is refused and rolled back", async () => {
    const anGiang = await idOf(DEMO.anGiang);
    const ward = await idOf(DEMO.rachGiaWard);
    const versions = await t.stack.organization.database.prisma.chapterVersion.count();
    const res = await t.query(
      `mutation($ids: [ID!]!, $p: ID!, $b: ChangeBasisInput!) { moveChapters(chapterIds: $ids, newParentId: $p, basis: $b) { id } }`,
      { ids: [anGiang], p: ward, b: basis("2026-07-01") },
      admin,
    );
    expect(["BAD_USER_INPUT", "CONFLICT"]).toContain(res.errors?.[0]?.extensions?.code);
    expect(await t.stack.organization.database.prisma.chapterVersion.count()).toBe(versions);
  });
});

describe("ORG-REFORM tree changes reach the other subgraphs", () => {
  it("each recorded change is published on the bus from the outbox", async () => {
    const received = new Promise<any>((resolve) => {
      void t.stack.pubsub.subscribe("organization.tree.changed", (event) => {
        if ((event as { kind?: string }).kind === "RENAME") resolve(event);
      });
    });
    const ward = await idOf(DEMO.dongNgan, "2024-12-31");
    const successor = (await t.query(`query($id: ID!) { chapter(id: $id) { successors { successor { id code } } } }`, { id: ward }, admin)).data.chapter.successors[0]
      .successor;
    const res = await t.query(
      `mutation($id: ID!) { renameChapter(chapterId: $id, name: "Hội CTĐ phường Từ Sơn (đổi tên thử)", basis: { effectiveDate: "2026-09-01", decisionNumber: "5/QĐ" }) { id } }`,
      { id: successor.id },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const event = await received;
    expect(event).toMatchObject({ changeId: res.data.renameChapter.id, kind: "RENAME", effectiveDate: "2026-09-01", chapterIds: [successor.id] });
    let publishedAt: Date | null = null;
    for (let i = 0; i < 40 && !publishedAt; i++) {
      const row = await t.stack.organization.database.prisma.outboxEvent.findFirst({
        where: { payload: { path: ["changeId"], equals: res.data.renameChapter.id } },
      });
      publishedAt = row?.publishedAt ?? null;
      if (!publishedAt) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(publishedAt).not.toBeNull();
  });
});
