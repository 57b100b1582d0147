// Listing chapters costs a fixed number of SQL statements, however many chapters are listed
// (every per-chapter field is batched).
import { generateSyntheticTree, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  // 1 province × 10 districts × 10 communes × ~9 branches ≈ 1,100 chapters
  await generateSyntheticTree(t.stack.organization.database.prisma, {
    provinces: 1,
    districtsPerProvince: 10,
    communesPerDistrict: 10,
    branchesPerCommune: 9,
    seed: 7,
  });
}, 300_000);
afterAll(async () => t?.stop());

const LIST = `query($n: Int!) {
  chapters(first: $n, search: "") {
    totalCount
    nodes {
      code name level
      parent { code name }
      childCount
      children(first: 3) { totalCount nodes { code } }
      ancestors { code }
      history { validFrom }
    }
  }
}`;

async function statementsFor(n: number): Promise<{ statements: number; rows: number }> {
  const before = t.statements();
  const res = await t.query(LIST, { n }, { chapter: "TW", role: "ADMIN" });
  expect(res.errors).toBeUndefined();
  return { statements: t.statements() - before, rows: res.data.chapters.nodes.length };
}

describe("statement count does not grow with the rows returned", () => {
  it("lists 10 and 1,000 chapters with parents and child counts in the same number of statements", async () => {
    await statementsFor(5); // warm-up
    const small = await statementsFor(10);
    const large = await statementsFor(1000);
    expect(small.rows).toBe(10);
    expect(large.rows).toBe(1000);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(12);
  });
});
