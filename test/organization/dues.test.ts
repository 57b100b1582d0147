// ORG-DUES: recording payments and exemptions moves a member's status and the collection rate;
// a year is paid or exempted once, retries do not double-count, outsiders cannot write.
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const ward = DEMO.newTuSonWard;
const officer = { chapter: ward, role: "OFFICER" as const };
const YEAR = 2026;

const DUES = `query($c: String!, $y: Int!, $s: [DuesStatus!]) { chapter(code: $c) {
  dues(year: $y, statuses: $s, first: 1000) { totalCount nodes { status membership { id } } }
  figures(year: $y) { dues { rate } } } }`;

async function unpaid() {
  const res = await t.query(DUES, { c: ward, y: YEAR, s: ["OVERDUE", "LAPSED"] }, officer);
  expect(res.errors).toBeUndefined();
  return res.data.chapter as { dues: { totalCount: number; nodes: { status: string; membership: { id: string } }[] }; figures: { dues: { rate: number } } };
}

const PAY = `mutation($m: ID!, $k: String) { recordDuesPayment(membershipId: $m, year: ${YEAR}, amount: 24000, paidOn: "2026-03-01", idempotencyKey: $k) { id kind } }`;

describe("ORG-DUES recording dues", () => {
  it("a payment turns an unpaid member PAID and raises the collection rate; a retry with the same key counts once", async () => {
    const before = await unpaid();
    expect(before.dues.totalCount).toBeGreaterThan(1);
    const member = before.dues.nodes[0]!.membership.id;
    const first = await t.query(PAY, { m: member, k: "dues-pay-1" }, officer);
    const retry = await t.query(PAY, { m: member, k: "dues-pay-1" }, officer);
    expect(first.errors).toBeUndefined();
    expect(retry.data.recordDuesPayment.id).toBe(first.data.recordDuesPayment.id);
    const after = await unpaid();
    expect(after.dues.totalCount).toBe(before.dues.totalCount - 1);
    expect(after.dues.nodes.map((n) => n.membership.id)).not.toContain(member);
    expect(after.figures.dues.rate).toBeGreaterThan(before.figures.dues.rate);
    expect(await t.stack.organization.database.prisma.duesPayment.count({ where: { membershipId: member, year: YEAR } })).toBe(1);
  });

  it("paying the same year again without the key is a CONFLICT", async () => {
    const paid = await t.query(DUES, { c: ward, y: YEAR, s: ["PAID"] }, officer);
    const member = paid.data.chapter.dues.nodes[0].membership.id;
    const again = await t.query(PAY, { m: member, k: null }, officer);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("an exemption makes a member EXEMPT and takes them out of the rate's denominator", async () => {
    const before = await unpaid();
    const member = before.dues.nodes[0]!.membership.id;
    const res = await t.query(
      `mutation($m: ID!) { recordDuesExemption(membershipId: $m, year: ${YEAR}, reason: "Hoàn cảnh khó khăn") { kind } }`,
      { m: member },
      officer,
    );
    expect(res.data.recordDuesExemption.kind).toBe("EXEMPTION");
    const exempt = await t.query(DUES, { c: ward, y: YEAR, s: ["EXEMPT"] }, officer);
    expect(exempt.data.chapter.dues.nodes.map((n: { membership: { id: string } }) => n.membership.id)).toContain(member);
    expect((await unpaid()).figures.dues.rate).toBeGreaterThan(before.figures.dues.rate);
  });

  it("bad input is refused with the field named, and nothing is written", async () => {
    const member = (await unpaid()).dues.nodes[0]!.membership.id;
    const count = await t.stack.organization.database.prisma.duesPayment.count();
    const res = await t.query(
      `mutation($m: ID!) { recordDuesPayment(membershipId: $m, year: 1990, amount: -5, paidOn: "2026-03-01") { id } }`,
      { m: member },
      officer,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toMatch(/year/);
    expect(res.errors?.[0]?.message).toMatch(/amount/);
    expect(await t.stack.organization.database.prisma.duesPayment.count()).toBe(count);
  });

  it("an officer of another ward cannot record dues here, and learns nothing of the member", async () => {
    const member = (await unpaid()).dues.nodes[0]!.membership.id;
    const res = await t.query(PAY, { m: member, k: null }, { chapter: DEMO.newTamSonWard, role: "OFFICER" });
    expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("a member who left is no longer counted after the day they left", async () => {
    const member = (await unpaid()).dues.nodes[0]!.membership.id;
    const count = async (asOf: string) =>
      (await t.query(`query($c: String!, $d: Date) { chapter(code: $c) { people(asOf: $d) { totalCount } } }`, { c: ward, d: asOf }, officer)).data.chapter.people
        .totalCount as number;
    const before = await count("2026-06-30");
    const res = await t.query(`mutation($m: ID!) { endMembership(membershipId: $m, leftOn: "2026-07-01") }`, { m: member }, officer);
    expect(res.data.endMembership).toBe("2026-07-01");
    expect(await count("2026-06-30")).toBe(before);
    expect(await count("2026-07-01")).toBe(before - 1);
  });
});

describe("ORG-DUES settlement, evidence and the threshold fact", () => {
  const admin = { chapter: DEMO.central, role: "ADMIN" as const };
  const pay = (m: string, amount: number) =>
    t.query(`mutation($m: ID!, $a: Money!) { recordDuesPayment(membershipId: $m, year: ${YEAR}, amount: $a, paidOn: "2026-03-02") { id } }`, { m, a: amount }, officer);
  const statusOf = async (m: string) => {
    const res = await t.query(DUES, { c: ward, y: YEAR, s: null }, officer);
    return res.data.chapter.dues.nodes.find((n: { membership: { id: string } }) => n.membership.id === m)?.status as string;
  };

  it("ORG-DUES: 1 VND against a 24,000 VND policy does not settle the year; partial payments add up to it; more is refused and nothing written", async () => {
    const member = (await unpaid()).dues.nodes.find((n) => n.status === "OVERDUE")!.membership.id;
    expect((await pay(member, 1)).errors).toBeUndefined();
    expect(await statusOf(member)).toBe("OVERDUE");
    const rows = () => t.stack.organization.database.prisma.duesPayment.count({ where: { membershipId: member, year: YEAR } });
    const over = await pay(member, 24_000);
    expect(over.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(over.errors?.[0]?.message).toMatch(/23999/);
    expect(await rows()).toBe(1);
    expect((await pay(member, 11_999)).errors).toBeUndefined();
    expect(await statusOf(member)).toBe("OVERDUE");
    expect((await pay(member, 12_000)).errors).toBeUndefined();
    expect(await statusOf(member)).toBe("PAID");
    expect(await rows()).toBe(3);
  });

  it("ORG-DUES: no data for the year before is no evidence — unpaid in 2023, the first year with a dues policy, is OVERDUE; unpaid again in 2024 is LAPSED", async () => {
    const db = t.stack.organization.database.prisma;
    const chapter = await db.chapter.findUniqueOrThrow({ where: { code: DEMO.chauKhe } });
    expect(await db.duesPolicy.count({ where: { chapterId: chapter.id, year: 2022 } })).toBe(0);
    expect(await db.duesPolicy.count({ where: { chapterId: chapter.id, year: 2023 } })).toBe(1);
    const person = await db.person.create({ data: { fullName: "Phạm Thị Chưa", searchName: "pham thi chua" } });
    const id = crypto.randomUUID();
    await db.membership.create({ data: { id, personId: person.id, chapterId: chapter.id, kind: "MEMBER", joinedOn: new Date("2019-05-01"), lineageId: id } });
    const status = async (year: number) => {
      const res = await t.query(
        `{ chapter(code: "${DEMO.chauKhe}", asOf: "${year}-12-31") { dues(year: ${year}, first: 1000) { nodes { status membership { id } } } } }`,
        {},
        admin,
      );
      return res.data.chapter.dues.nodes.find((n: { membership: { id: string } }) => n.membership.id === id).status;
    };
    expect(await status(2023)).toBe("OVERDUE");
    expect(await status(2024)).toBe("LAPSED");
    const first = (await t.query(`{ chapter(code: "${DEMO.tuSon}", asOf: "2023-12-31") { figures(year: 2023) { dues { overdue lapsed } } } }`, {}, admin)).data.chapter.figures.dues;
    expect(first.overdue).toBeGreaterThan(1);
    expect(first.lapsed).toBe(0);
  });

  it("ORG-DUES: dues collected below Kiên Giang's 90% is a fact of its own units, and of no one else's", async () => {
    const db = t.stack.organization.database.prisma;
    const chapter = await db.chapter.findUniqueOrThrow({ where: { code: DEMO.rachGiaWard } });
    const person = await db.person.create({ data: { fullName: "Trần Văn Nợ", searchName: "tran van no" } });
    const id = crypto.randomUUID();
    await db.membership.create({ data: { id, personId: person.id, chapterId: chapter.id, kind: "MEMBER", joinedOn: new Date("2020-01-01"), lineageId: id } });
    // the demo's Kiên Giang 2024 dues (9 of its 10 members paid) may have set the policy already
    await db.duesPolicy.upsert({ where: { chapterId_year: { chapterId: chapter.id, year: 2024 } }, create: { chapterId: chapter.id, year: 2024, amount: 10_000n }, update: {} });
    const q = (code: string) => `{ chapter(code: "${code}", asOf: "2024-12-31") { figures(year: 2024) { dues { rate threshold belowThreshold } } } }`;
    const kg = (await t.query(q(DEMO.rachGiaWard), {}, admin)).data.chapter.figures.dues;
    expect(kg.threshold).toBe(0.9);
    expect(kg.rate).toBeLessThan(0.9);
    expect(kg.belowThreshold).toBe(true);
    const bn = (await t.query(q(DEMO.chauKhe), {}, admin)).data.chapter.figures.dues;
    expect(bn.rate).toBeGreaterThan(0);
    expect(bn.threshold).toBeNull();
    expect(bn.belowThreshold).toBeNull();
  });
});

describe("ORG-FUND ORG-COVERAGE rules scoped to the chapters their seeds name", () => {
  const admin = { chapter: DEMO.central, role: "ADMIN" as const };
  const figures = async (code: string) =>
    (await t.query(`{ chapter(code: "${code}", asOf: "2024-12-31") { figures(year: 2024) { fund { target } coverage { target } } } }`, {}, admin)).data.chapter.figures;

  it("ORG-FUND: Kiên Giang's district fund ≥ 50 M applies to its districts only; Hồng Bàng (Hải Phòng) has no fund target", async () => {
    expect((await figures(DEMO.rachGia)).fund.target).toBe(50_000_000);
    expect((await figures(DEMO.hongBang)).fund.target).toBeNull();
    expect((await figures(DEMO.tuSon)).fund.target).toBe(100_000_000);
  });

  it("ORG-COVERAGE: the 80% goal is Từ Sơn's target, not a national constant", async () => {
    expect((await figures(DEMO.tuSon)).coverage.target).toBe(0.8);
    expect((await figures(DEMO.hongBang)).coverage.target).toBeNull();
    expect((await figures(DEMO.bacNinh)).coverage.target).toBeNull();
  });
});
