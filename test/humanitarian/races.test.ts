// docs/domain.md §2 HA-NODOUBLE, HA-PROFILE under concurrency: 20 concurrent requests through the
// gateway at the PostgreSQL server (never the embedded database, which serialises requests and
// would hide the race). The database decides: the address row is locked before the check, and a
// unique index on the gift refuses a second counting; the losers get CONFLICT, never a 500 or a
// second row.
import type { HumanitarianPrisma } from "@chapters/humanitarian";
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
    const gift = { addressId: address, sponsorId: sponsor, kind: "WHEELCHAIR", value: 4500000, givenOn: "2025-09-10" };
    const responses = await times(N, (i) => t.query(SUPPORT, { i: { ...gift, campaignId: campaigns[i] } }, officer));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await db.supportRecord.count({ where: { addressId: address } })).toBe(1);
    expect((await db.humanitarianAddress.findUnique({ where: { id: address } }))!.status).toBe("SUPPORTED");
  });

  it(`HA-NODOUBLE: ${N} concurrent retries with one key all get the first record, written once`, async () => {
    const { campaigns, sponsor, address } = await setup();
    const gift = { addressId: address, sponsorId: sponsor, kind: "HOUSING", value: 50000000, givenOn: "2025-09-11", campaignId: campaigns[0], idempotencyKey: "race-gift" };
    const responses = await times(N, () => t.query(SUPPORT, { i: gift }, officer));
    expect(codes(responses)).toEqual(Array(N).fill("OK"));
    expect(new Set(responses.map((r) => r.data.recordSupport.id)).size).toBe(1);
    expect(await db.supportRecord.count({ where: { addressId: address } })).toBe(1);
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
