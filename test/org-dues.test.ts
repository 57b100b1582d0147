// ORG-DUES: recording payments and exemptions moves a member's status and the collection rate;
// a year is paid or exempted once, retries do not double-count, outsiders cannot write.
import { DEMO } from "@chapters/organization";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "./support/stack.ts";

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
