// Searching, paging and refusing bad input, through the gateway.
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const admin = { chapter: DEMO.central, role: "ADMIN" as const };
const search = async (text: string, asOf?: string) =>
  (await t.query(`query($s: String!, $d: Date) { chapters(search: $s, asOf: $d) { nodes { code name } } }`, { s: text, d: asOf }, admin)).data.chapters
    .nodes as { code: string; name: string }[];

describe("search by name ignores accents and case", () => {
  it('"kien giang" finds "Kiên Giang"', async () => {
    const found = await search("kien giang", "2024-12-31");
    expect(found.map((c) => c.code)).toContain(DEMO.kienGiang);
    expect(found.find((c) => c.code === DEMO.kienGiang)?.name).toMatch(/Kiên Giang/);
  });

  it("upper case, and đ written as d, match too", async () => {
    const upper = await search("KIEN GIANG", "2024-12-31");
    expect(upper.map((c) => c.code)).toContain(DEMO.kienGiang);
    const dong = await search("dong ngan", "2024-12-31");
    expect(dong.map((c) => c.code)).toContain(DEMO.dongNgan);
    const accented = await search("ĐÔNG NGÀN", "2024-12-31");
    expect(accented.map((c) => c.code)).toContain(DEMO.dongNgan);
  });

  it("searches the names of the date asked for", async () => {
    expect((await search("kien giang")).map((c) => c.code)).not.toContain(DEMO.kienGiang);
  });

  it("treats % and _ as plain characters", async () => {
    expect(await search("%")).toEqual([]);
  });
});

describe("pagination", () => {
  it("walks every chapter page by page without gaps or repeats, in code order", async () => {
    const q = `query($after: String) { chapters(first: 7, after: $after, asOf: "2024-12-31") { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 100; page++) {
      const res: any = await t.query(q, { after }, admin);
      expect(res.errors).toBeUndefined();
      total = res.data.chapters.totalCount;
      seen.push(...res.data.chapters.nodes.map((n: { code: string }) => n.code));
      if (!res.data.chapters.pageInfo.hasNextPage) break;
      after = res.data.chapters.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
    expect(total).toBeGreaterThan(20);
  });

  it("pages the children of a chapter", async () => {
    const res = await t.query(
      `query($c: String!) { chapter(code: $c, asOf: "2024-12-31") { children(first: 2) { totalCount pageInfo { hasNextPage } nodes { code } } } }`,
      { c: DEMO.tuSon },
      admin,
    );
    expect(res.data.chapter.children.nodes).toHaveLength(2);
    expect(res.data.chapter.children.totalCount).toBeGreaterThan(2);
    expect(res.data.chapter.children.pageInfo.hasNextPage).toBe(true);
  });

  it("orders by name when asked", async () => {
    const res = await t.query(`{ chapters(levels: [PROVINCE], orderBy: NAME, asOf: "2024-12-31") { nodes { name } } }`, {}, admin);
    const names = res.data.chapters.nodes.map((n: { name: string }) => n.name);
    const folded = names.map((n: string) => n.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/gi, "d").toLowerCase());
    expect([...folded].sort()).toEqual(folded);
  });

  it("refuses a page larger than 1000", async () => {
    const res = await t.query(`{ chapters(first: 5000) { nodes { code } } }`, {}, admin);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("bad input gets a clear error with a stable code, and writes nothing", () => {
  const countAll = async () => {
    const prisma = t.stack.organization.database.prisma;
    return [await prisma.chapter.count(), await prisma.chapterVersion.count(), await prisma.treeChange.count(), await prisma.chapterClosure.count()];
  };

  it("an impossible date", async () => {
    const res = await t.query(`{ chapters(asOf: "2025-02-30") { totalCount } }`, {}, admin);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toMatch(/YYYY-MM-DD/);
  });

  it("asking for a chapter by both id and code", async () => {
    const res = await t.query(`{ chapter(code: "HP", id: "x") { code } }`, {}, admin);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("a new chapter with a malformed code, an empty name and no decision number", async () => {
    const before = await countAll();
    const parent = (await t.query(`{ chapter(code: "HP") { id } }`, {}, admin)).data.chapter.id;
    const res = await t.query(
      `mutation($p: ID!) { createChapter(chapter: { code: "hp t 1", name: " ", level: COMMUNE, parentId: $p }, basis: { effectiveDate: "2026-01-01", decisionNumber: "" }) { id } }`,
      { p: parent },
      admin,
    );
    const error = res.errors?.[0];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error?.message).toMatch(/chapter\.code/);
    expect(error?.message).toMatch(/chapter\.name/);
    expect(error?.message).toMatch(/basis\.decisionNumber/);
    expect(await countAll()).toEqual(before);
  });

  it("a chapter at a level that cannot sit under its parent", async () => {
    const before = await countAll();
    const parent = (await t.query(`{ chapter(code: "HP") { id } }`, {}, admin)).data.chapter.id;
    const res = await t.query(
      `mutation($p: ID!) { createChapter(chapter: { code: "HP.BR", name: "Chi hội lạc chỗ", level: BRANCH, parentId: $p }, basis: { effectiveDate: "2026-01-01", decisionNumber: "1/QĐ" }) { id } }`,
      { p: parent },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toMatch(/cannot sit under/);
    expect(await countAll()).toEqual(before);
  });

  it("a code already in use", async () => {
    const before = await countAll();
    const parent = (await t.query(`{ chapter(code: "HP") { id } }`, {}, admin)).data.chapter.id;
    const res = await t.query(
      `mutation($p: ID!, $code: String!) { createChapter(chapter: { code: $code, name: "Trùng mã", level: COMMUNE, parentId: $p }, basis: { effectiveDate: "2026-01-01", decisionNumber: "1/QĐ" }) { id } }`,
      { p: parent, code: DEMO.kienGiang },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await countAll()).toEqual(before);
  });

  it("an id that is not an id", async () => {
    const res = await t.query(
      `mutation { renameChapter(chapterId: "abc", name: "X", basis: { effectiveDate: "2026-01-01", decisionNumber: "1" }) { id } }`,
      {},
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toMatch(/chapterId/);
  });
});
