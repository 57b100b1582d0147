// ORG-FUND, ORG-REFORM: figures are kept in process per data version (core's rollups/versioned.ts),
// and a figure read right after a write reflects it, in both views: through the gateway, a
// province's 2025 figures are read twice (the second from the cache), a fund line is written, and
// the next read equals a computation from the tables with SQL written independently of the
// resolvers (the subtree by a recursive walk of ChapterVersion).
import { figureCacheFor } from "@chapters/core";
import { ORGANIZATION_ROLLUPS } from "@chapters/organization";
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const admin = { chapter: DEMO.central, role: "ADMIN" as const };
const db = () => t.stack.organization.database.prisma;
const Q = `query($c: String!, $y: Int!, $r: Boolean) { chapter(code: $c) { figures(year: $y, restated: $r) { members { members } fund { subtreeBalance } } } }`;

/** The fund balance of `code`'s subtree on `d`: every line dated by then of every chapter under it that day. */
async function subtreeBalance(code: string, d: string): Promise<number> {
  const [row] = await db().$queryRawUnsafe<{ b: number }[]>(
    `WITH RECURSIVE walk(id) AS (
       SELECT id FROM "Chapter" WHERE code = $1
       UNION
       SELECT v."chapterId" FROM "ChapterVersion" v JOIN walk w ON v."parentId" = w.id
       WHERE v."validFrom" <= $2::date AND (v."validTo" IS NULL OR v."validTo" > $2::date))
     SELECT coalesce(sum(CASE WHEN f.kind::text IN ('INCOME','TRANSFER_IN') THEN f.amount ELSE -f.amount END), 0)::float8 AS b
     FROM "FundEntry" f WHERE f."chapterId" IN (SELECT id FROM walk) AND f."entryDate" <= $2::date`,
    code,
    d,
  );
  return row!.b;
}

async function read(restated: boolean) {
  const res = await t.query(Q, { c: DEMO.bacNinh, y: 2025, r: restated }, admin);
  expect(res.errors).toBeUndefined();
  return res.data.chapter.figures as { members: { members: number }; fund: { subtreeBalance: number } };
}

describe("ORG-FUND figures kept per data version", () => {
  it("ORG-FUND, ORG-REFORM: a figure read right after a write reflects it, as it was and restated, equal to SQL over the tables", async () => {
    const cache = figureCacheFor(db(), ORGANIZATION_ROLLUPS);
    const want = await subtreeBalance(DEMO.bacNinh, "2025-12-31");
    for (const restated of [false, true]) {
      expect((await read(restated)).fund.subtreeBalance).toBe(want);
      const hits = cache.hits;
      const again = await read(restated);
      // the second read of the same figures by the same query was served from the cache
      expect(cache.hits).toBeGreaterThan(hits);
      expect(again.fund.subtreeBalance).toBe(want);
    }
    const ward = await db().chapter.findUniqueOrThrow({ where: { code: DEMO.newTuSonWard }, select: { id: true } });
    await db().fundEntry.create({
      data: { chapterId: ward.id, entryDate: new Date("2025-08-01"), kind: "INCOME", amount: 1_230_000n, source: "Thử bộ đệm", recordedBy: "test" },
    });
    const after = await subtreeBalance(DEMO.bacNinh, "2025-12-31");
    expect(after).toBe(want + 1_230_000);
    for (const restated of [false, true]) expect((await read(restated)).fund.subtreeBalance, restated ? "restated" : "as it was").toBe(after);
  });
});
