// docs/domain.md §2 HA-PROFILE, HA-SUPPORT, HA-NODOUBLE through the gateway: the address workflow in
// order with consent before profiling, masking for OFFICER / VIEWER / PARTNER, the CSV import all
// or nothing, bad input that names the field and writes nothing, an outsider's NOT_FOUND, a
// retry with a key recorded once, double counting refused, and statement counts that do not
// grow with rows.
import type { HumanitarianPrisma } from "@chapters/humanitarian";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: HumanitarianPrisma;
const ids = new Map<string, string>();

beforeAll(async () => {
  // partners and screens send ad-hoc queries here: these tests are about the subgraph's own rules
  t = await startTestStack({ gateway: { registeredOnly: [] } });
  db = t.stack.services.humanitarian!.database.prisma as HumanitarianPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const chapterId = (code: string) => ids.get(code)!;
const dnOfficer = { chapter: "DN", role: "OFFICER" as const };
const bnOfficer = { chapter: "BN", role: "OFFICER" as const };
const ADDRESS = `id status fullName nationalId phone addressLine healthNote needs consent { on by } surveyed { on by } profiled { on by } approved { on } supported { on }`;
const SURVEY = `mutation($i: SurveyAddressInput!) { surveyHumanitarianAddress(input: $i) { ${ADDRESS} } }`;
const ADVANCE = `mutation($i: AdvanceAddressInput!) { advanceHumanitarianAddress(input: $i) { ${ADDRESS} } }`;
const SUPPORT = `mutation($i: RecordSupportInput!) { recordSupport(input: $i) { id value kind campaign { name } address { status } } }`;

const survey = (extra: Record<string, unknown> = {}, as = dnOfficer) =>
  t.query(
    SURVEY,
    {
      i: {
        chapterId: chapterId("BP.DX.TPH"), kind: "HOUSEHOLD", category: "DISASTER", fullName: "Nguyễn Văn An", nationalId: "074123456789",
        phone: "0912 345 678", addressLine: "Tổ 3, khu phố Phú Thanh", healthNote: "Gãy chân", householdSize: 4, needs: "Nhà hư hỏng sau mưa lớn", surveyedOn: "2025-09-01", ...extra,
      },
    },
    as,
  );

async function approvedAddress(): Promise<string> {
  const a = await survey({ consentOn: "2025-09-02" });
  expect(a.errors).toBeUndefined();
  const id = a.data.surveyHumanitarianAddress.id;
  expect((await t.query(ADVANCE, { i: { addressId: id, step: "PROFILED", on: "2025-09-05" } }, dnOfficer)).errors).toBeUndefined();
  expect((await t.query(ADVANCE, { i: { addressId: id, step: "APPROVED", on: "2025-09-10" } }, dnOfficer)).errors).toBeUndefined();
  return id;
}

async function campaignAndSponsor(): Promise<{ campaigns: string[]; sponsor: string }> {
  const make = async (kind: string, name: string) => {
    const r = await t.query(`mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, {
      i: { chapterId: chapterId("DN"), kind, name, startsOn: "2025-08-01", endsOn: "2025-11-24", targets: [{ chapterId: chapterId("BP.DX.TPH"), value: 50000000 }] },
    }, dnOfficer);
    expect(r.errors).toBeUndefined();
    return r.data.createCampaign.id as string;
  };
  const sponsor = await t.query(`mutation($i: RegisterSponsorInput!) { registerSponsor(input: $i) { id } }`, {
    i: { chapterId: chapterId("DN"), kind: "ORGANISATION", name: "Công ty TNHH Thực phẩm Đồng Nai" },
  }, dnOfficer);
  expect(sponsor.errors).toBeUndefined();
  return { campaigns: [await make("ADDRESS_CAMPAIGN", "Cuộc vận động 2025"), await make("PROGRAMME", "An toàn cho ngư dân nghèo")], sponsor: sponsor.data.registerSponsor.id };
}

describe("HA-PROFILE workflow, consent and masking", () => {
  it("HA-PROFILE: each step in order records who and when; profiling needs consent first; a step out of order is CONFLICT", async () => {
    const a = await survey();
    expect(a.errors).toBeUndefined();
    const id = a.data.surveyHumanitarianAddress.id;
    expect(a.data.surveyHumanitarianAddress).toMatchObject({ status: "SURVEYED", consent: null, surveyed: { on: "2025-09-01" } });
    const noConsent = await t.query(ADVANCE, { i: { addressId: id, step: "PROFILED", on: "2025-09-05" } }, dnOfficer);
    expect(noConsent.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(noConsent.errors?.[0]?.message).toContain("input.consentOn");
    const early = await t.query(ADVANCE, { i: { addressId: id, step: "APPROVED", on: "2025-09-05" } }, dnOfficer);
    expect(early.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect((await db.humanitarianAddress.findUnique({ where: { id } }))!.status).toBe("SURVEYED");
    const profiled = await t.query(ADVANCE, { i: { addressId: id, step: "PROFILED", on: "2025-09-05", consentOn: "2025-09-04" } }, dnOfficer);
    expect(profiled.errors).toBeUndefined();
    expect(profiled.data.advanceHumanitarianAddress).toMatchObject({ status: "PROFILED", consent: { on: "2025-09-04" }, profiled: { on: "2025-09-05" } });
    expect(profiled.data.advanceHumanitarianAddress.profiled.by).toBeTruthy();
    const back = await t.query(ADVANCE, { i: { addressId: id, step: "APPROVED", on: "2025-09-03" } }, dnOfficer);
    expect(back.errors?.[0]?.message).toContain("input.on");
    const approved = await t.query(ADVANCE, { i: { addressId: id, step: "APPROVED", on: "2025-09-06" } }, dnOfficer);
    expect(approved.data.advanceHumanitarianAddress).toMatchObject({ status: "APPROVED", approved: { on: "2025-09-06" } });
  });

  it("HA-PROFILE: a chapter filter that is not an id is BAD_USER_INPUT naming chapterId, not an internal error", async () => {
    const res = await t.query(`{ humanitarianAddresses(first: 5, chapterId: "0") { totalCount } }`, {}, { chapter: "TW", role: "OFFICER" });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toContain("chapterId");
  });

  it("HA-PROFILE: the database itself refuses a profiled address without consent", async () => {
    await expect(
      db.humanitarianAddress.create({
        data: { chapterId: chapterId("BP.DX.TPH"), kind: "PERSON", category: "ORPHAN", status: "PROFILED", fullName: "X Y", addressLine: "—", needs: "—", surveyedOn: new Date("2025-01-01"), surveyedBy: "t", profiledOn: new Date("2025-01-02") },
      }),
    ).rejects.toThrow();
  });

  it("HA-PROFILE: OFFICER sees personal and health data; VIEWER gets masked values; PARTNER needs a grant, and personal-data unmasks", async () => {
    const a = await survey({ consentOn: "2025-09-01" });
    const id = a.data.surveyHumanitarianAddress.id;
    const read = (as: { chapter: string; role: "OFFICER" | "VIEWER" | "PARTNER" | "SCREEN"; grants?: string[] }) =>
      t.query(`query($id: ID!) { humanitarianAddress(id: $id) { ${ADDRESS} } }`, { id }, as);
    const officer = (await read({ chapter: "DN", role: "OFFICER" })).data.humanitarianAddress;
    expect(officer).toMatchObject({ fullName: "Nguyễn Văn An", nationalId: "074123456789", phone: "0912345678", healthNote: "Gãy chân" });
    const viewer = (await read({ chapter: "DN", role: "VIEWER" })).data.humanitarianAddress;
    expect(viewer).toMatchObject({ fullName: "Nguyễn V. A.", nationalId: null, phone: "•••• ••• 678", addressLine: null, healthNote: null, needs: "•••" });
    expect((await read({ chapter: "DN", role: "PARTNER" })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await read({ chapter: "DN", role: "SCREEN" })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const partner = (await read({ chapter: "DN", role: "PARTNER", grants: ["humanitarian-addresses"] })).data.humanitarianAddress;
    expect(partner).toMatchObject({ fullName: "Nguyễn V. A.", nationalId: null });
    const granted = (await read({ chapter: "DN", role: "PARTNER", grants: ["humanitarian-addresses", "personal-data"] })).data.humanitarianAddress;
    expect(granted).toMatchObject({ fullName: "Nguyễn Văn An", nationalId: "074123456789" });
  });

  it("HA-PROFILE: bad input names the field and writes nothing; an outsider gets NOT_FOUND; a retry with a key records once", async () => {
    const before = await db.humanitarianAddress.count();
    const bad = await survey({ nationalId: "12ab", householdSize: 0 });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const fields = (bad.errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["input.nationalId", "input.householdSize"]));
    const outsider = await survey({}, bnOfficer);
    expect(outsider.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const viewer = await survey({}, { chapter: "DN", role: "VIEWER" } as never);
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await db.humanitarianAddress.count()).toBe(before);
    const first = await survey({ idempotencyKey: "survey-1" });
    const again = await survey({ idempotencyKey: "survey-1" });
    expect(again.data.surveyHumanitarianAddress.id).toBe(first.data.surveyHumanitarianAddress.id);
    expect(await db.humanitarianAddress.count()).toBe(before + 1);
  });

  it("HA-PROFILE: a taken priority rank is CONFLICT; only an approved address is published", async () => {
    const a = await approvedAddress();
    const b = await approvedAddress();
    const UPDATE = `mutation($i: UpdateAddressInput!) { updateHumanitarianAddress(input: $i) { priorityRank published publishedOn } }`;
    expect((await t.query(UPDATE, { i: { addressId: a, priorityRank: 41 } }, dnOfficer)).data.updateHumanitarianAddress.priorityRank).toBe(41);
    expect((await t.query(UPDATE, { i: { addressId: b, priorityRank: 41 } }, dnOfficer)).errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const pub = await t.query(UPDATE, { i: { addressId: b, publishedOn: "2025-09-12" } }, dnOfficer);
    expect(pub.data.updateHumanitarianAddress).toMatchObject({ published: true, publishedOn: "2025-09-12" });
    const fresh = (await survey()).data.surveyHumanitarianAddress.id;
    expect((await t.query(UPDATE, { i: { addressId: fresh, publishedOn: "2025-09-12" } }, dnOfficer)).errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
});

describe("HA-PROFILE CSV import", () => {
  const header = "Họ và tên,Năm sinh,Loại,Đối tượng,Số nhân khẩu,Địa chỉ,Số điện thoại,CCCD,\"Hoàn cảnh, nhu cầu\",Ngày khảo sát,Ngày đồng ý nhận trợ giúp";
  const IMPORT = `mutation($c: ID!, $csv: String!) { importHumanitarianAddresses(chapterId: $c, csv: $csv) { imported addressIds } }`;

  it("HA-PROFILE: a file with bad rows imports nothing and lists every bad row", async () => {
    const before = await db.humanitarianAddress.count();
    const csv = [header, "Lò Văn Sáng,1950,Cá nhân,Người già neo đơn không nơi nương tựa,1,Ấp 2,,,Neo đơn,03/02/2025,", "Bad,19x0,Cá nhân,Không rõ,1,Ấp 3,,,x,31/02/2025,", "Hà Thị Tư,1970,Hộ gia đình,Nạn nhân thiên tai,0,Ấp 4,123,,Mất nhà,05/02/2025,"].join("\n");
    const res = await t.query(IMPORT, { c: chapterId("BP.DX.TBI"), csv }, dnOfficer);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const rows = res.errors?.[0]?.extensions?.rows as { row: number; column: string }[];
    expect(new Set(rows.map((r) => r.row))).toEqual(new Set([3, 4]));
    expect(rows.map((r) => r.column)).toEqual(expect.arrayContaining(["Năm sinh", "Đối tượng", "Ngày khảo sát", "Số nhân khẩu", "Số điện thoại"]));
    expect(await db.humanitarianAddress.count()).toBe(before);
  });

  it("HA-PROFILE: a good file imports every row as SURVEYED, labels matched without accents", async () => {
    const csv = [header, "Lò Văn Sáng,1950,Cá nhân,nguoi gia neo don khong noi nuong tua,1,Ấp 2,0912000111,,Neo đơn,03/02/2025,04/02/2025", "Hà Thị Tư,1970,Hộ gia đình,Nạn nhân thiên tai,5,Ấp 4,,074111222333,Mất nhà,05/02/2025,"].join("\r\n");
    const res = await t.query(IMPORT, { c: chapterId("BP.DX.TBI"), csv }, dnOfficer);
    expect(res.errors).toBeUndefined();
    expect(res.data.importHumanitarianAddresses.imported).toBe(2);
    const rows = await db.humanitarianAddress.findMany({ where: { id: { in: res.data.importHumanitarianAddresses.addressIds } }, orderBy: { surveyedOn: "asc" } });
    expect(rows.map((r) => [r.status, r.category, r.householdSize])).toEqual([["SURVEYED", "LONELY_ELDERLY", 1], ["SURVEYED", "DISASTER", 5]]);
  });
});

describe("HA-SUPPORT and HA-NODOUBLE", () => {
  it("HA-SUPPORT: the first support moves an approved address to SUPPORTED; support for an unapproved one is CONFLICT", async () => {
    const { campaigns, sponsor } = await campaignAndSponsor();
    const id = await approvedAddress();
    const res = await t.query(SUPPORT, { i: { addressId: id, sponsorId: sponsor, campaignId: campaigns[0], kind: "WHEELCHAIR", value: 4800000, givenOn: "2025-09-15", reference: "BN-0915-1" } }, dnOfficer);
    expect(res.errors).toBeUndefined();
    expect(res.data.recordSupport).toMatchObject({ value: 4800000, kind: "WHEELCHAIR", address: { status: "SUPPORTED" } });
    const fresh = (await survey()).data.surveyHumanitarianAddress.id;
    const refused = await t.query(SUPPORT, { i: { addressId: fresh, sponsorId: sponsor, campaignId: campaigns[0], kind: "HOUSING", value: 1000, givenOn: "2025-09-15", reference: "BN-0915-2" } }, dnOfficer);
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("HA-NODOUBLE: the same gift (its reference) counted again under another programme (or the same campaign) is CONFLICT and writes nothing", async () => {
    const { campaigns, sponsor } = await campaignAndSponsor();
    const id = await approvedAddress();
    const gift = { addressId: id, sponsorId: sponsor, kind: "HOUSING", value: 30000000, givenOn: "2025-09-20", reference: "QĐ-12/2025" };
    expect((await t.query(SUPPORT, { i: { ...gift, campaignId: campaigns[0] } }, dnOfficer)).errors).toBeUndefined();
    const other = await t.query(SUPPORT, { i: { ...gift, campaignId: campaigns[1] } }, dnOfficer);
    expect(other.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(other.errors?.[0]?.extensions?.campaignId).toBe(campaigns[0]);
    expect((await t.query(SUPPORT, { i: { ...gift, campaignId: campaigns[0] } }, dnOfficer)).errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await db.supportRecord.count({ where: { addressId: id } })).toBe(1);
  });

  it("HA-SUPPORT: bad input names the field; a key replays the first record; value must be more than 0 đồng", async () => {
    const { campaigns, sponsor } = await campaignAndSponsor();
    const id = await approvedAddress();
    const bad = await t.query(SUPPORT, { i: { addressId: id, sponsorId: sponsor, campaignId: campaigns[0], kind: "MONTHLY", value: 0, givenOn: "2025-07-01", reference: "BN-0701" } }, dnOfficer);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toContain("input.value");
    const outside = await t.query(SUPPORT, { i: { addressId: id, sponsorId: sponsor, campaignId: campaigns[0], kind: "MONTHLY", value: 500000, givenOn: "2025-07-15", reference: "BN-0715" } }, dnOfficer);
    expect(outside.errors?.[0]?.message).toContain("input.givenOn");
    const gift = { addressId: id, sponsorId: sponsor, campaignId: campaigns[0], kind: "MONTHLY", value: 500000, givenOn: "2025-09-30", reference: "BN-0930", idempotencyKey: "gift-1" };
    const first = await t.query(SUPPORT, { i: gift }, dnOfficer);
    const retry = await t.query(SUPPORT, { i: gift }, dnOfficer);
    expect(retry.data.recordSupport.id).toBe(first.data.recordSupport.id);
    expect(await db.supportRecord.count({ where: { addressId: id } })).toBe(1);
    const outsider = await t.query(SUPPORT, { i: { ...gift, idempotencyKey: null } }, bnOfficer);
    expect(outsider.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("HA-PROFILE lists cost a fixed number of statements", () => {
  it("HA-PROFILE: 2 addresses and 30 addresses with their supports, sponsors and campaigns", async () => {
    const LIST = `query($n: Int!) { humanitarianAddresses(first: $n, statuses: [SUPPORTED]) { totalCount nodes { id fullName supports(first: 3) { totalCount nodes { value sponsor { name pledges { id } } campaign { name progress { value } } } } } } }`;
    const admin = { chapter: "TW", role: "ADMIN" as const };
    await t.query(LIST, { n: 1 }, admin);
    const measure = async (n: number) => {
      const before = t.statements("humanitarian");
      const res = await t.query(LIST, { n }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data.humanitarianAddresses.nodes.length).toBe(Math.min(n, res.data.humanitarianAddresses.totalCount));
      return t.statements("humanitarian") - before;
    };
    // supported addresses only: every one of them has supports, sponsors and campaigns, so the small
    // page runs every loader the large one does (which addresses come first depends on the run's
    // chapter ids). The fewest of two tries each, against a batch split by a slow connection.
    const small = Math.min(await measure(2), await measure(2));
    const large = Math.min(await measure(30), await measure(30));
    expect(large).toBeLessThanOrEqual(small);
  });
});
