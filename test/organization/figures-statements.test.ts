// ORG-PEOPLE ORG-DUES ORG-FUND ORG-COVERAGE ORG-TARGETS: listing chapters with their figures,
// indicators, targets and people costs the same number of SQL statements for 10 chapters as for
// 500 (every per-chapter field is batched).
import { generateSyntheticTree, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  const prisma = t.stack.organization.database.prisma;
  // 1 province × 5 districts × 110 communes = 550 communes, with people, money and targets
  await generateSyntheticTree(prisma, { provinces: 1, districtsPerProvince: 5, communesPerDistrict: 110, branchesPerCommune: 0, seed: 11, codePrefix: "STM" });
  const communes = await prisma.chapter.findMany({ where: { code: { startsWith: "STM1.D" } }, select: { id: true, code: true } });
  const district = new Map((await prisma.chapter.findMany({ where: { code: { in: ["STM1.D1", "STM1.D2", "STM1.D3", "STM1.D4", "STM1.D5"] } } })).map((c) => [c.code, c.id]));
  const people = communes.flatMap((c, i) => [0, 1].map((k) => ({ id: crypto.randomUUID(), fullName: `Nguyễn Văn Số ${i}-${k}`, searchName: `nguyen van so ${i}-${k}`, chapterId: c.id })));
  await prisma.person.createMany({ data: people.map(({ chapterId: _c, ...p }) => p) });
  await prisma.membership.createMany({
    data: people.map((p) => ({ id: p.id, personId: p.id, chapterId: p.chapterId, kind: "MEMBER" as const, joinedOn: new Date("2020-01-01"), lineageId: p.id })),
  });
  await prisma.duesPayment.createMany({ data: people.filter((_p, i) => i % 3 === 0).map((p) => ({ membershipId: p.id, year: 2026, amount: 24_000n, paidOn: new Date("2026-03-01"), recordedBy: "test" })) });
  await prisma.fundEntry.createMany({ data: communes.map((c) => ({ chapterId: c.id, entryDate: new Date("2026-01-10"), kind: "INCOME" as const, amount: 5_000_000n, source: "test", recordedBy: "test" })) });
  await prisma.organisation.createMany({ data: communes.map((c) => ({ chapterId: c.id, kind: "SCHOOL" as const, name: "Trường", hasRedCross: true, listedOn: new Date("2000-01-01") })) });
  await prisma.target.createMany({
    data: communes.filter((c) => c.code.split(".").length === 3).map((c) => ({ chapterId: c.id, indicatorCode: "org.members", year: 2026, value: 3, assignedById: district.get(c.code.split(".").slice(0, 2).join("."))!, assignedBy: "test" })),
  });
}, 300_000);
afterAll(async () => t?.stop());

const LIST = `query($n: Int!) {
  chapters(first: $n, levels: [COMMUNE], search: "") {
    nodes {
      code
      figures(year: 2026) {
        members { members growth }
        dues { owing paid rate }
        fund { balance target targetMet }
        coverage { rate targetMet }
      }
      restated: figures(year: 2025, restated: true) { members { members } }
      organizationIndicators(year: 2026) { indicatorCode actual target { value assignedBelow { sum } } }
      targets(year: 2026) { totalCount nodes { value } }
      people(first: 2) { totalCount nodes { kind person { fullName masked } } }
      dues(year: 2026, first: 2) { totalCount nodes { status } }
    }
  }
}`;

async function statementsFor(n: number) {
  const before = t.statements();
  const res = await t.query(LIST, { n }, { chapter: "TW", role: "ADMIN" });
  expect(res.errors).toBeUndefined();
  return { statements: t.statements() - before, nodes: res.data.chapters.nodes as any[] };
}

describe("ORG-PEOPLE statement count does not grow with the number of chapters listed", () => {
  it("lists 10 and 500 communes with figures, indicators, targets and people in the same number of statements", async () => {
    await statementsFor(3); // warm-up
    const small = await statementsFor(10);
    const large = await statementsFor(500);
    expect(small.nodes).toHaveLength(10);
    expect(large.nodes).toHaveLength(500);
    const synthetic = large.nodes.filter((n) => n.code.startsWith("STM"));
    expect(synthetic.length).toBeGreaterThan(400);
    expect(synthetic.every((n) => n.figures.members.members === 2 && n.people.totalCount === 2 && n.figures.fund.balance === 5_000_000)).toBe(true);
    expect(synthetic.every((n) => n.organizationIndicators.find((i: any) => i.indicatorCode === "org.members").target.value === 3)).toBe(true);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(20);
  });
});
