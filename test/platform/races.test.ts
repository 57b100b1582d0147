// Rules that must hold under concurrency (docs/domain.md BL-DONORS, BL-HONOURS, ORG-DUES, ORG-REFORM),
// fired as 20 concurrent requests through the gateway at the PostgreSQL server — never the
// embedded database, which serialises requests and would hide every race. Each rule is held by
// the database (a row lock or a constraint) and the losers get CONFLICT or the first result,
// never a 500 and never a second row. Idempotency keys belong to one caller and one operation.
import type { BloodPrisma } from "@chapters/blood";
import type { OrgPrisma } from "@chapters/organization";
import { DEMO, startTestStack, type GraphQLResponse, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const N = 20;
let t: TestStack;
let blood: BloodPrisma;
let org: OrgPrisma;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await startTestStack({ server: true });
  blood = t.stack.services.blood!.database.prisma as BloodPrisma;
  org = t.stack.organization.database.prisma;
  for (const row of await blood.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const chapterId = (code: string) => ids.get(code)!;
const bnOfficer = { chapter: "BN", role: "OFFICER" as const };
const hpOfficer = { chapter: "HP", role: "OFFICER" as const };
let serial = 0;
const newPhone = () => `0912${String(200000 + ++serial).slice(-6)}`;

/** Each response's error code, or OK; an unexpected code carries its message, so a failure says why. */
const codes = (responses: GraphQLResponse[]) =>
  responses.map((r) => {
    const error = r.errors?.[0];
    if (!error) return "OK";
    const code = error.extensions?.code ?? "NO_CODE";
    return ["CONFLICT", "BAD_USER_INPUT"].includes(code) ? code : `${code}: ${error.message}`;
  });
const times = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)));

async function registerDonor(code: string, as: { chapter: string; role: "OFFICER" }) {
  const res = await t.query(
    `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
    { i: { chapterId: chapterId(code), fullName: "Lê Văn Đua", phone: newPhone(), abo: "A", rh: "POSITIVE" } },
    as,
  );
  expect(res.errors).toBeUndefined();
  return res.data.registerDonor.id as string;
}

const DONATE = `mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id donatedOn type volumeMl chapter { code } } }`;
const donate = (donorId: string, donatedOn: string, extra: Record<string, unknown> = {}, as: { chapter: string; role: "OFFICER" } = bnOfficer) =>
  t.query(DONATE, { i: { donorId, donatedOn, type: "WHOLE_BLOOD", volumeMl: 350, ...extra } }, as);
const donationsOf = (donorId: string) => blood.donation.count({ where: { donorId } });

describe("BL-DONORS one donation per interval, under concurrency", () => {
  it(`BL-DONORS: ${N} concurrent donations for one donor and day without a key record exactly one; the others get CONFLICT`, async () => {
    const donor = await registerDonor("BN.PTS", bnOfficer);
    const responses = await times(N, () => donate(donor, "2026-05-04"));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await donationsOf(donor)).toBe(1);
  });

  it(`BL-DONORS: ${N} concurrent donations on ${N} different days inside one interval record exactly one; none is a 500`, async () => {
    const donor = await registerDonor("BN.PTS", bnOfficer);
    const responses = await times(N, (i) => donate(donor, `2026-06-${String(i + 1).padStart(2, "0")}`));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(codes(responses).every((c) => c === "OK" || c === "BAD_USER_INPUT" || c === "CONFLICT")).toBe(true);
    expect(await donationsOf(donor)).toBe(1);
  });

  it(`BL-DONORS: ${N} concurrent retries with one key all get the first donation, recorded once`, async () => {
    const donor = await registerDonor("BN.PTS", bnOfficer);
    const responses = await times(N, () => donate(donor, "2026-07-06", { idempotencyKey: "race-key-1" }));
    expect(codes(responses)).toEqual(Array(N).fill("OK"));
    expect(new Set(responses.map((r) => r.data.recordDonation.id)).size).toBe(1);
    expect(await donationsOf(donor)).toBe(1);
  });

  it("BL-DONORS: the same key from another province's officer is another key: Hải Phòng records its own donation and learns nothing of Bắc Ninh's", async () => {
    const bnDonor = await registerDonor("BN.PTS", bnOfficer);
    const hpDonor = await registerDonor("HP.HB.HVT", hpOfficer);
    const first = await donate(bnDonor, "2026-08-03", { idempotencyKey: "shared-K", volumeMl: 450 });
    expect(first.errors).toBeUndefined();
    const second = await donate(hpDonor, "2026-08-10", { idempotencyKey: "shared-K", volumeMl: 250 }, hpOfficer);
    expect(second.errors).toBeUndefined();
    expect(second.data.recordDonation.id).not.toBe(first.data.recordDonation.id);
    expect(second.data.recordDonation).toMatchObject({ donatedOn: "2026-08-10", volumeMl: 250 });
    expect(second.data.recordDonation.chapter.code).not.toMatch(/^BN/);
    expect(await donationsOf(hpDonor)).toBe(1);
    expect(await donationsOf(bnDonor)).toBe(1);
  });

  it("BL-DONORS: the same key with a different donation from the same caller is CONFLICT, and nothing is written", async () => {
    const donor = await registerDonor("BN.PTS", bnOfficer);
    expect((await donate(donor, "2026-09-07", { idempotencyKey: "reused-K" })).errors).toBeUndefined();
    const other = await registerDonor("BN.PTS", bnOfficer);
    const reuse = await donate(other, "2026-09-07", { idempotencyKey: "reused-K" });
    expect(reuse.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(reuse.errors?.[0]?.message).toMatch(/different input/);
    expect(await donationsOf(other)).toBe(0);
  });
});

describe("BL-DONORS donor identity by phone and CCCD, under concurrency", () => {
  it(`BL-DONORS: ${N} concurrent registrations of one phone number (or CCCD) create one donor; the others get CONFLICT naming it`, async () => {
    // a few rounds: the window between the duplicate check and the insert is short
    for (let round = 0; round < 4; round++) {
      const phone = newPhone();
      const nationalId = `0012${String(90000000 + serial).slice(-8)}`;
      const responses = await times(N, (i) =>
        t.query(
          `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
          { i: { chapterId: chapterId("BN.PTS"), fullName: `Người Thứ ${i}`, ...(round % 2 ? { nationalId } : { phone }), abo: "B", rh: "POSITIVE" } },
          bnOfficer,
        ),
      );
      expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
      const winner = responses.find((r) => !r.errors)!.data.registerDonor.id;
      for (const r of responses.filter((x) => x.errors)) expect(r.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", duplicateIds: [winner] });
      expect(await blood.donor.count({ where: round % 2 ? { nationalId } : { phone } })).toBe(1);
    }
  });
});

describe("BL-HONOURS once per tier, under concurrency", () => {
  it(`BL-HONOURS: ${N} concurrent award runs honour each donor once per tier`, async () => {
    const AWARD = `mutation($c: ID!) { awardHonours(ruleSet: "NATIONAL_122_2017", from: "2000-01-01", to: "2026-12-31", chapterId: $c, awardedOn: "2026-12-31") { donor { id } } }`;
    const responses = await times(N, () => t.query(AWARD, { c: chapterId("BN") }, bnOfficer));
    expect(codes(responses).every((c) => c === "OK" || c === "CONFLICT")).toBe(true);
    const twice = await blood.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Honour" GROUP BY "donorId", "tierId" HAVING count(*) > 1`;
    expect(twice).toEqual([]);
    expect(await blood.honour.count()).toBeGreaterThan(0);
  });
});

describe("ORG-DUES one settlement per member and year, under concurrency", () => {
  const PAY = `mutation($m: ID!, $k: String) { recordDuesPayment(membershipId: $m, year: 2026, amount: 24000, paidOn: "2026-03-01", idempotencyKey: $k) { id } }`;
  const officer = { chapter: DEMO.newTuSonWard, role: "OFFICER" as const };

  async function unpaidMemberships(count: number): Promise<string[]> {
    const ward = await org.chapter.findUniqueOrThrow({ where: { code: DEMO.newTuSonWard } });
    const rows = await org.$queryRaw<{ id: string }[]>`
      SELECT m.id::text AS id FROM "Membership" m
      WHERE m."chapterId" = ${ward.id}::uuid AND m."leftOn" IS NULL AND m.kind = 'MEMBER'
        AND NOT EXISTS (SELECT 1 FROM "DuesPayment" p JOIN "Membership" l ON l.id = p."membershipId" WHERE l."lineageId" = m."lineageId" AND p.year = 2026)
        AND NOT EXISTS (SELECT 1 FROM "DuesExemption" e JOIN "Membership" l ON l.id = e."membershipId" WHERE l."lineageId" = m."lineageId" AND e.year = 2026)
      ORDER BY m.id LIMIT ${count}`;
    expect(rows).toHaveLength(count);
    return rows.map((r) => r.id);
  }
  const paymentsOf = (membershipId: string) => org.duesPayment.count({ where: { membershipId, year: 2026 } });

  it(`ORG-DUES: ${N} concurrent payments for one member and year without a key settle it once; the others get CONFLICT`, async () => {
    const [m] = await unpaidMemberships(1);
    const responses = await times(N, () => t.query(PAY, { m, k: null }, officer));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await paymentsOf(m!)).toBe(1);
  });

  it(`ORG-DUES: ${N} concurrent retries with one key all get the first payment`, async () => {
    const [m] = await unpaidMemberships(1);
    const responses = await times(N, () => t.query(PAY, { m, k: "dues-race-1" }, officer));
    expect(codes(responses)).toEqual(Array(N).fill("OK"));
    expect(new Set(responses.map((r) => r.data.recordDuesPayment.id)).size).toBe(1);
    expect(await paymentsOf(m!)).toBe(1);
  });

  it("ORG-DUES: a payment and an exemption for the same member and year racing: one wins, the other is CONFLICT", async () => {
    const [m] = await unpaidMemberships(1);
    const EXEMPT = `mutation($m: ID!) { recordDuesExemption(membershipId: $m, year: 2026, reason: "Hoàn cảnh khó khăn") { id } }`;
    const responses = await times(N, (i) => (i % 2 ? t.query(PAY, { m, k: null }, officer) : t.query(EXEMPT, { m }, officer)));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    const settled = (await paymentsOf(m!)) + (await org.duesExemption.count({ where: { membershipId: m!, year: 2026 } }));
    expect(settled).toBe(1);
  });
});

describe("ORG-REFORM tree changes in date order, under concurrency", () => {
  it(`ORG-REFORM: ${N} concurrent renames of one chapter on different dates keep its history one straight line`, async () => {
    const chapter = await org.chapter.findUniqueOrThrow({ where: { code: DEMO.newPhuKheWard } });
    const RENAME = `mutation($c: ID!, $n: String!, $d: Date!) { renameChapter(chapterId: $c, name: $n, basis: { effectiveDate: $d, decisionNumber: "12/QĐ-TEST" }) { id } }`;
    // dates in a shuffled order, so later-dated requests often arrive first
    const days = Array.from({ length: N }, (_, i) => ((i * 7) % N) + 1);
    const responses = await times(N, (i) =>
      t.query(RENAME, { c: chapter.id, n: `phường Phù Khê ${days[i]}`, d: `2027-03-${String(days[i]).padStart(2, "0")}` }, { chapter: "BN", role: "ADMIN" }),
    );
    expect(codes(responses).every((c) => c === "OK" || c === "CONFLICT")).toBe(true);
    expect(codes(responses)).toContain("OK");
    const versions = await org.chapterVersion.findMany({ where: { chapterId: chapter.id }, orderBy: { validFrom: "asc" } });
    expect(versions.filter((v) => v.validTo === null)).toHaveLength(1);
    for (let i = 1; i < versions.length; i++) expect(versions[i - 1]!.validTo?.getTime()).toBe(versions[i]!.validFrom.getTime());
  });
});
