// Statement counts (docs/benchmarks.md): every operation `npm run bench` measures costs a fixed number of SQL statements, however
// many rows it returns — sent here exactly as the benchmark sends it (bench/operations.ts),
// once with one row per list and once with the benchmark's page sizes, on the demo data plus a
// synthetic district of 30 communes with branches and people (the parent of the communes stands
// in for a province: the query is the benchmark's either way).
import type { BloodPrisma } from "@chapters/blood";
import { generateSyntheticTree, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchOperations, type BenchOperation, type BenchScope } from "../../bench/operations.ts";

let t: TestStack;
let scope: Omit<BenchScope, "sizes">;
let lookupScope: Omit<BenchScope, "sizes">;

beforeAll(async () => {
  t = await startTestStack();
  const prisma = t.stack.organization.database.prisma;
  await generateSyntheticTree(prisma, { provinces: 1, districtsPerProvince: 1, communesPerDistrict: 30, branchesPerCommune: 3, seed: 7, codePrefix: "BST" });
  // 130 people in the first commune and its branches: the register's page 3 of 50 has rows
  const commune = await prisma.chapter.findMany({ where: { OR: [{ code: "BST1.D1.C1" }, { code: { startsWith: "BST1.D1.C1." } }] }, select: { id: true } });
  const people = Array.from({ length: 130 }, (_, i) => ({ id: crypto.randomUUID(), fullName: `Trần Thị Số ${i}`, searchName: `tran thi so ${i}`, chapterId: commune[i % commune.length]!.id }));
  await prisma.person.createMany({ data: people.map(({ chapterId: _c, ...p }) => p) });
  await prisma.membership.createMany({ data: people.map((p) => ({ id: p.id, personId: p.id, chapterId: p.chapterId, kind: "MEMBER" as const, joinedOn: new Date("2020-01-01"), lineageId: p.id })) });

  // donors of the demo data: the one with the most donations and one with a single donation
  const blood = t.stack.services.blood!.database.prisma as BloodPrisma;
  const donors = await blood.$queryRaw<{ id: string; phone: string; n: number; last: Date }[]>`
    SELECT d.id::text AS id, d.phone, count(x.id)::int AS n, max(x."donatedOn") AS last
    FROM "Donor" d JOIN "Donation" x ON x."donorId" = d.id WHERE d.phone IS NOT NULL
    GROUP BY d.id HAVING max(x."donatedOn") < date '2026-08-01' ORDER BY count(x.id) DESC, d.id`;
  const many = donors[0]!;
  const one = donors.findLast((d) => d.n === 1) ?? donors.at(-1)!;
  expect(many.n).toBeGreaterThan(one.n);
  // the lookup's caller is the scope's province: the central society reaches every demo donor
  scope = { province: "BST1.D1", commune: "BST1.D1.C1", donorIds: [one.id, many.id], donatedOn: "2026-11-20", donorPhone: (i) => (i === 0 ? one.phone : many.phone) };
  lookupScope = { ...scope, province: "TW" };
}, 300_000);
afterAll(async () => t?.stop());

const SMALL = { provinces: 1, communes: 1, children: 1, register: 1, donors: 1 };

/** every subgraph's statements, as the benchmark counts them */
const allStatements = () => Object.keys(t.stack.services).reduce((sum, name) => sum + t.statements(name), 0);

async function statementsOf(op: BenchOperation, i: number) {
  const before = allStatements();
  const res = await t.query(op.body(i).query, op.body(i).variables, op.caller);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { statements: allStatements() - before, data: res.data };
}

/** rows in the first list of an answer (how much the request returned) */
function rows(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  if (data === null || typeof data !== "object") return -1;
  for (const [key, value] of Object.entries(data)) {
    const found = key === "nodes" && Array.isArray(value) ? value.length : rows(value);
    if (found >= 0) return found;
  }
  return -1;
}

describe("statement counts: the benchmarked operations cost the same statements for one row and for a page", () => {
  const names = benchOperations({ province: "", commune: "", donorIds: [], donatedOn: "", donorPhone: () => "" }).map((op) => op.name);

  for (const [index, name] of names.entries()) {
    if (name === "recording a donation" || name === "donor lookup by phone") continue;
    it(`${name}: one row and the benchmark's page cost the same statements`, async () => {
      const small = benchOperations({ ...scope, sizes: SMALL })[index]!;
      const large = benchOperations(scope)[index]!;
      await statementsOf(large, 0); // warm-up: per-process caches (the slice, the replica state)
      const one = await statementsOf(small, 0);
      const page = await statementsOf(large, 0);
      expect(rows(page.data)).toBeGreaterThan(rows(one.data));
      expect(page.statements).toBe(one.statements);
    });
  }

  it("donor lookup by phone: a donor with many donations costs what a donor with one costs", async () => {
    const op = benchOperations(lookupScope).find((o) => o.name === "donor lookup by phone")!;
    await statementsOf(op, 1);
    const one = await statementsOf(op, 0);
    const many = await statementsOf(op, 1);
    expect(many.data.donors.nodes[0].donationCount).toBeGreaterThan(one.data.donors.nodes[0].donationCount);
    expect(many.statements).toBe(one.statements);
  });

  it("recording a donation: the same statements for a donor with one earlier donation and one with many, and no more than 11", async () => {
    const op = benchOperations(scope).find((o) => o.name === "recording a donation")!;
    const one = await statementsOf(op, 0);
    const many = await statementsOf(op, 1);
    expect(many.statements).toBe(one.statements);
    // the caller's chapter (still in force?) and slice: 2; the transaction from BEGIN to COMMIT
    // (the donor locked with its slice check, the donor's facts on the day, the credited
    // chapter, the running totals, the insert, the audit entry): 8; the donation read back: 1
    expect(one.statements).toBeLessThanOrEqual(11);
  });

  it("each subgraph serves its statement count at /metrics, as the benchmark reads it from a subgraph in its own process", async () => {
    const op = benchOperations(scope)[2]!;
    for (const [name, service] of Object.entries(t.stack.services)) {
      const served = async () => Number(/chapters_sql_statements_total\{subgraph="([^"]+)"\} (\d+)/.exec(await (await fetch(new URL("/metrics", service.url))).text())?.[2]);
      expect(await served(), name).toBe(t.statements(name));
    }
    const before = await (await fetch(new URL("/metrics", t.stack.services.organization!.url))).text();
    await statementsOf(op, 0);
    const after = await (await fetch(new URL("/metrics", t.stack.services.organization!.url))).text();
    expect(after).not.toBe(before);
  });
});
