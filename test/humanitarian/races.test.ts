// docs/domain.md §2 HA-NODOUBLE, HA-PROFILE, §1 ORG-FUND under concurrency: 20 concurrent requests through the
// gateway at the PostgreSQL server (never the embedded database, which serialises requests and
// would hide the race). The database decides: the address row is locked before the check, and a
// unique index on (chapter, reference) refuses a second counting (in organization, one on the
// fund line's reference refuses a second spending); the losers get CONFLICT, never a 500 or a
// second row.
import { completePendingFundGifts, type HumanitarianPrisma } from "@chapters/humanitarian";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type GraphQLResponse, type TestStack } from "@chapters/stack/testing";

const N = 20;
let t: TestStack;
let db: HumanitarianPrisma;
const ids = new Map<string, string>();
const officer = { chapter: "DN", role: "OFFICER" as const };

beforeAll(async () => {
  t = await startTestStack({ server: true });
  db = t.stack.services.humanitarian!.database.prisma as HumanitarianPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const codes = (responses: GraphQLResponse[]) => responses.map((r) => r.errors?.[0]?.extensions?.code ?? "OK");
const times = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)));

async function setup() {
  const q = async (query: string, i: Record<string, unknown>) => {
    const r = await t.query(query, { i }, officer);
    expect(r.errors).toBeUndefined();
    return Object.values(r.data as Record<string, { id: string }>)[0]!.id;
  };
  const campaigns = await times(N, (i) =>
    q(`mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, {
      chapterId: ids.get("DN"), kind: "PROGRAMME", name: `Chương trình ${i + 1}`, startsOn: "2025-08-01", endsOn: "2025-11-24",
    }),
  );
  const sponsor = await q(`mutation($i: RegisterSponsorInput!) { registerSponsor(input: $i) { id } }`, { chapterId: ids.get("DN"), kind: "ORGANISATION", name: "Doanh nghiệp Tín Nghĩa" });
  const address = await q(`mutation($i: SurveyAddressInput!) { surveyHumanitarianAddress(input: $i) { id } }`, {
    chapterId: ids.get("BP.DX.TXU"), kind: "PERSON", category: "INJURY", fullName: "Trịnh Văn Đua", addressLine: "Ấp 1", needs: "Cần xe lăn", surveyedOn: "2025-09-01", consentOn: "2025-09-01",
  });
  for (const step of ["PROFILED", "APPROVED"]) {
    await q(`mutation($i: AdvanceAddressInput!) { advanceHumanitarianAddress(input: $i) { id } }`, { addressId: address, step, on: "2025-09-02" });
  }
  return { campaigns, sponsor, address };
}

const SUPPORT = `mutation($i: RecordSupportInput!) { recordSupport(input: $i) { id } }`;

describe("HA-NODOUBLE one gift, one campaign, under concurrency", () => {
  it(`HA-NODOUBLE: ${N} concurrent recordings of one gift under ${N} different programmes count it exactly once; the others get CONFLICT`, async () => {
    const { campaigns, sponsor, address } = await setup();
    const gift = { addressId: address, sponsorId: sponsor, kind: "WHEELCHAIR", value: 4500000, givenOn: "2025-09-10", reference: "BN-RACE-1" };
    const responses = await times(N, (i) => t.query(SUPPORT, { i: { ...gift, campaignId: campaigns[i] } }, officer));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await db.supportRecord.count({ where: { addressId: address } })).toBe(1);
    expect((await db.humanitarianAddress.findUnique({ where: { id: address } }))!.status).toBe("SUPPORTED");
  });

  it(`HA-NODOUBLE: ${N} concurrent retries with one key all get the first record, written once`, async () => {
    const { campaigns, sponsor, address } = await setup();
    const gift = { addressId: address, sponsorId: sponsor, kind: "HOUSING", value: 50000000, givenOn: "2025-09-11", campaignId: campaigns[0], reference: "BN-RACE-2", idempotencyKey: "race-gift" };
    const responses = await times(N, () => t.query(SUPPORT, { i: gift }, officer));
    expect(codes(responses)).toEqual(Array(N).fill("OK"));
    expect(new Set(responses.map((r) => r.data.recordSupport.id)).size).toBe(1);
    expect(await db.supportRecord.count({ where: { addressId: address } })).toBe(1);
  });

  it(`HA-NODOUBLE: ${N} concurrent recordings of one receipt (no key, help outside the list) write one record; two real receipts of one day write two`, async () => {
    const { sponsor } = await setup();
    const gift = { sponsorId: sponsor, chapterId: ids.get("DN"), recipientGroup: "Hộ bị ảnh hưởng lũ", headCount: 5, kind: "DISASTER_RELIEF", value: 2_000_000, givenOn: "2025-10-02" };
    const responses = await times(N, () => t.query(SUPPORT, { i: { ...gift, reference: "BN-RACE-3" } }, officer));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await db.supportRecord.count({ where: { reference: "BN-RACE-3" } })).toBe(1);
    const pair = await times(2, (i) => t.query(SUPPORT, { i: { ...gift, reference: `BN-RACE-4/${i}` } }, officer));
    expect(codes(pair)).toEqual(["OK", "OK"]);
  });

  it(`ORG-FUND, HA-NODOUBLE: ${N} concurrent recordings of one chapter-fund gift write one support record and one fund-ledger line`, async () => {
    await setup();
    const gift = { giver: "CHAPTER_FUND", chapterId: ids.get("DN"), recipientGroup: "Hộ nghèo đón Tết", headCount: 8, kind: "TET_GIFT", value: 4_000_000, givenOn: "2025-10-03", reference: "QĐ-RACE-5" };
    const responses = await times(N, () => t.query(SUPPORT, { i: gift }, officer));
    expect(codes(responses)).toContain("OK");
    expect(new Set(codes(responses)).size).toBeLessThanOrEqual(2);
    const records = await db.supportRecord.findMany({ where: { reference: "QĐ-RACE-5" } });
    expect(records.map((r) => r.fundState)).toEqual(["RECORDED"]);
    const org = new pg.Pool({ connectionString: t.databaseUrl("organization"), max: 1, options: "-c search_path=organization" });
    try {
      const { rows } = await org.query(`SELECT id::text AS id, amount::text AS amount FROM "FundEntry" WHERE reference = $1`, [`humanitarian-support:${records[0]!.id}`]);
      expect(rows).toEqual([{ id: records[0]!.fundEntryId, amount: "4000000" }]);
    } finally {
      await org.end();
    }
  });

  it(`HA-SUPPORT, HA-NODOUBLE, ORG-FUND: the fund completer and resends of pending chapter-fund gifts, ${N} at once, write one ledger line per gift and count each once`, async () => {
    // five gifts whose ledger step was lost (written PENDING as recordSupport writes them, by this officer)
    const gifts = Array.from({ length: 5 }, (_, i) => ({
      giver: "CHAPTER_FUND", chapterId: ids.get("DN"), recipientGroup: `Hộ bị sạt lở ${i + 1}`, headCount: 3, kind: "DISASTER_RELIEF",
      value: 1_000_000 * (i + 1), givenOn: "2025-10-20", reference: `QĐ-COMPLETER-${i + 1}`,
    }));
    for (const g of gifts) {
      await db.$executeRawUnsafe(
        `INSERT INTO "SupportRecord" (id, "chapterId", giver, "recipientGroup", "headCount", kind, form, value, "givenOn", reference, "fundState", "recordedBy", "recorderChapter", "recorderRole")
         VALUES (gen_random_uuid(), $1::uuid, 'CHAPTER_FUND', $2, 3, 'DISASTER_RELIEF', 'CASH', $3, $4::date, $5, 'PENDING', 'dev-officer@DN', 'DN', 'OFFICER')`,
        g.chapterId, g.recipientGroup, BigInt(g.value), g.givenOn, g.reference,
      );
    }
    const pending = await db.supportRecord.findMany({ where: { reference: { startsWith: "QĐ-COMPLETER-" } }, orderBy: { reference: "asc" } });
    const saga = { prisma: db, organizationUrl: t.stack.services.organization!.url };
    // N/2 resends (each gift by turns) and N/2 completer passes, all at once
    const [resent] = await Promise.all([
      times(N / 2, (i) => t.query(SUPPORT, { i: gifts[i % gifts.length] }, officer)),
      times(N / 2, () => completePendingFundGifts(saga)),
    ]);
    // a resend that came first completed the gift itself (OK), one after the completer is told it is counted (CONFLICT naming it)
    resent.forEach((r, i) => {
      const id = pending[i % gifts.length]!.id;
      if (r.errors) expect(r.errors[0]!.extensions).toMatchObject({ code: "CONFLICT", supportId: id });
      else expect((r.data as { recordSupport: { id: string } }).recordSupport.id).toBe(id);
    });
    const after = await db.supportRecord.findMany({ where: { reference: { startsWith: "QĐ-COMPLETER-" } }, orderBy: { reference: "asc" } });
    expect(after.map((r) => r.fundState)).toEqual(gifts.map(() => "RECORDED"));
    const org = new pg.Pool({ connectionString: t.databaseUrl("organization"), max: 1, options: "-c search_path=organization" });
    try {
      // ORG-FUND, checked in SQL: one SPENDING line per gift, the one each record names, for its value
      const { rows } = await org.query(
        `SELECT reference, count(*)::int AS lines, sum(amount)::float8 AS amount, min(id::text) AS id FROM "FundEntry" WHERE reference = ANY($1) GROUP BY reference ORDER BY reference`,
        [after.map((r) => `humanitarian-support:${r.id}`)],
      );
      expect(rows).toEqual(
        after.map((r) => ({ reference: `humanitarian-support:${r.id}`, lines: 1, amount: Number(r.value), id: r.fundEntryId })).sort((a, b) => a.reference.localeCompare(b.reference)),
      );
    } finally {
      await org.end();
    }
    // the completer's completions are audited, at most once per gift
    const audits = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "AuditEntry" WHERE operation = 'completeFundSpending' AND outcome = 'OK' AND records->>'supportId' = ANY($1) GROUP BY records->>'supportId' HAVING count(*) > 1`,
      after.map((r) => r.id),
    );
    expect(audits).toEqual([]);
  });

  it(`HA-PROFILE: ${N} concurrent officers claiming one priority rank: one holds it, the others get CONFLICT`, async () => {
    const addresses = await times(N, async () => (await setup()).address);
    const UPDATE = `mutation($i: UpdateAddressInput!) { updateHumanitarianAddress(input: $i) { priorityRank } }`;
    const responses = await times(N, (i) => t.query(UPDATE, { i: { addressId: addresses[i], priorityRank: 77 } }, officer));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await db.humanitarianAddress.count({ where: { priorityRank: 77, chapterId: ids.get("BP.DX.TXU") } })).toBe(1);
  });
});
