// docs/domain.md §2 HA-PLEDGE and §1 ORG-PEOPLE through the gateway: the heads of agencies and
// organisations are a list (agencyHeads), the pledged rate divides the heads with a pledge running
// by every head the area lists serving in the year — checked against an independent SQL
// computation — and is judged only where Bình Phước's document sets it (the province and its
// districts); the list is imported from CSV all or nothing (each bad row named by row and column,
// nothing written), keyed by Mã so the same file twice changes nothing (also sent at once); names
// and phones are masked for callers not granted personal data; the list is paged in the slice.
import type { HumanitarianPrisma } from "@chapters/humanitarian";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: HumanitarianPrisma;
const ids = new Map<string, string>();
const admin = { chapter: "TW", role: "ADMIN" as const };
const bnOfficer = { chapter: "BN", role: "OFFICER" as const };
const bnViewer = { chapter: "BN", role: "VIEWER" as const };
const hpOfficer = { chapter: "HP", role: "OFFICER" as const };

beforeAll(async () => {
  // partners and screens send ad-hoc queries here: these tests are about the subgraph's own rules
  t = await startTestStack({ gateway: { registeredOnly: [] } });
  db = t.stack.services.humanitarian!.database.prisma as HumanitarianPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const chapterId = (code: string) => ids.get(code)!;

/** HA-PLEDGE from raw rows: heads listed on chapters the closure put under `x` on `on`, serving in
 * [from, to], and those whose sponsor record has a pledge overlapping those days. */
async function independentHeads(x: string, from: string, to: string, on: string): Promise<{ heads: number; pledged: number }> {
  const [row] = await db.$queryRawUnsafe<{ heads: number; pledged: number }[]>(
    `SELECT count(*)::int AS heads,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Pledge" g WHERE g."sponsorId" = h."sponsorId" AND g."startsOn" <= $3::date AND (g."endsOn" IS NULL OR g."endsOn" >= $2::date)))::int AS pledged
     FROM "AgencyHead" h JOIN "TreeClosure" c ON c."descendantId" = h."chapterId"
     WHERE c."ancestorId" = $1::uuid AND c."validFrom" <= $4::date AND (c."validTo" IS NULL OR c."validTo" > $4::date)
       AND h."servesFrom" <= $3::date AND (h."servesUntil" IS NULL OR h."servesUntil" >= $2::date)`,
    x, from, to, on,
  );
  return row!;
}

const RATE = "humanitarian.heads-pledged-rate";

describe("HA-PLEDGE: the pledged rate over the list of heads", () => {
  it("HA-PLEDGE, ORG-PEOPLE: Bình Phước 2023 — pledging heads over every listed head (Đồng Xoài 2 of 10 = 20%, not 2 of the 4 sponsors flagged as heads), equal to SQL; judged at the province and districts, not the communes", async () => {
    const q = `query($c: String!) { chapter(code: $c, asOf: "2023-11-24") { id
      humanitarianFigures(year: 2023) { heads headsPledged headsPledgedPercent periodFrom periodTo }
      humanitarianIndicators(year: 2023) { indicatorCode actual rules { threshold met statedBy } } } }`;
    for (const [code, heads, pledged, percent] of [["BP.DX", 10, 2, 20], ["BP", 16, 2, 12.5]] as const) {
      const res = await t.query(q, { c: code }, admin);
      expect(res.errors).toBeUndefined();
      const c = res.data.chapter;
      expect(c.humanitarianFigures).toMatchObject({ periodFrom: "2022-11-25", periodTo: "2023-11-24" });
      const sql = await independentHeads(c.id, "2022-11-25", "2023-11-24", "2023-11-24");
      expect({ heads: c.humanitarianFigures.heads, pledged: c.humanitarianFigures.headsPledged }).toEqual(sql);
      expect(sql).toEqual({ heads, pledged });
      expect(c.humanitarianFigures.headsPledgedPercent).toBe(percent);
      const rate = c.humanitarianIndicators.find((i: any) => i.indicatorCode === RATE);
      expect(rate).toEqual({ indicatorCode: RATE, actual: percent, rules: [{ threshold: 30, met: false, statedBy: "BP" }] });
    }
    // a head who stopped serving before the year is listed but not counted: Đồng Xoài lists 11, BP-DX-11 left in October 2022
    expect(await db.agencyHead.count({ where: { chapterId: chapterId("BP.DX") } })).toBe(11);
    // the sponsors flagged as heads (the old denominator) are 4, of whom 2 pledged: 50%, "met"
    expect(await db.sponsor.count({ where: { chapterId: chapterId("BP.DX"), OR: [{ isHeadOfAgency: true }, { isHonoraryPresident: true }] } })).toBe(4);
    const commune = await t.query(`{ chapter(code: "BP.DX.TPH", asOf: "2023-11-24") { humanitarianIndicators(year: 2023) { indicatorCode actual rules { threshold } } } }`, {}, admin);
    expect(commune.data.chapter.humanitarianIndicators.find((i: any) => i.indicatorCode === RATE)).toEqual({ indicatorCode: RATE, actual: null, rules: [] });
  });
});

const HEADER = "Mã,Họ và tên,Chức vụ,\"Cơ quan, tổ chức\",Số điện thoại,Từ ngày,Đến ngày,Mã nhà tài trợ";
const IMPORT = `mutation($c: ID!, $csv: String!) { importAgencyHeads(chapterId: $c, csv: $csv) { added updated unchanged } }`;
const FIGURES = `query($c: ID!, $y: Int!) { chapter(id: $c) { humanitarianFigures(year: $y) { heads headsPledged headsPledgedPercent } } }`;
const YEAR = 2026;

async function bnHeadsInDb() {
  return db.agencyHead.count({ where: { chapterId: chapterId("BN") } });
}

async function bnSponsorWithPledge(): Promise<string> {
  const sponsor = await t.query(`mutation($i: RegisterSponsorInput!) { registerSponsor(input: $i) { id } }`, { i: { chapterId: chapterId("BN"), kind: "INDIVIDUAL", name: "Nguyễn Hữu Thắng" } }, bnOfficer);
  expect(sponsor.errors).toBeUndefined();
  const address = await db.humanitarianAddress.findFirstOrThrow({ where: { fullName: "Nguyễn Văn Bình" } });
  const pledge = await t.query(`mutation($i: RecordPledgeInput!) { recordPledge(input: $i) { id } }`, {
    i: { sponsorId: sponsor.data.registerSponsor.id, addressId: address.id, startsOn: `${YEAR}-01-15`, promisedKind: "MONTHLY", promisedValue: 500000 },
  }, bnOfficer);
  expect(pledge.errors).toBeUndefined();
  return sponsor.data.registerSponsor.id;
}

describe("HA-PLEDGE, ORG-PEOPLE: the list of heads imported from CSV", () => {
  let sponsorId = "";
  const good = () =>
    [
      HEADER,
      `BN-01,Nguyễn Hữu Thắng,Giám đốc,Sở Y tế tỉnh Bắc Ninh,0912 111 222,01/01/${YEAR},,${sponsorId}`,
      `BN-02,Trần Thị Hồng,Chủ tịch,Hội Liên hiệp Phụ nữ tỉnh,,01/01/${YEAR},,`,
      `BN-03,Lê Quang Vinh,Bí thư,Tỉnh đoàn Bắc Ninh,0912333444,15/02/${YEAR},,`,
      `BN-04,Phạm Thị Dung,Giám đốc,Sở Giáo dục và Đào tạo,,01/01/${YEAR},,`,
    ].join("\n");

  it("HA-PLEDGE: a file with bad rows is refused whole, BAD_USER_INPUT naming each row and column, and writes nothing", async () => {
    sponsorId = await bnSponsorWithPledge();
    const bad = [
      HEADER,
      `BN-01,Nguyễn Hữu Thắng,Giám đốc,Sở Y tế,,01/01/${YEAR},,`,
      `BN-02,,Chủ tịch,Hội Liên hiệp Phụ nữ tỉnh,,01/01/${YEAR},,`,
      `BN-03,Lê Quang Vinh,Bí thư,Tỉnh đoàn,12345,31/02/${YEAR},,`,
      `BN-01,Phạm Thị Dung,Giám đốc,Sở Giáo dục,,01/01/${YEAR},01/01/2020,not-an-id`,
    ].join("\n");
    const res = await t.query(IMPORT, { c: chapterId("BN"), csv: bad }, bnOfficer);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toContain(`row 3, column "Họ và tên"`);
    const rows = res.errors?.[0]?.extensions?.rows as { row: number; column: string }[];
    expect(rows.map((r) => `${r.row}:${r.column}`)).toEqual(["3:Họ và tên", "4:Số điện thoại", "4:Từ ngày", "5:Mã", "5:Đến ngày", "5:Mã nhà tài trợ"]);
    // a sponsor id the caller does not see is found only when writing: still nothing written
    const stranger = good().replace(sponsorId, "00000000-0000-4000-8000-000000000000");
    const unknown = await t.query(IMPORT, { c: chapterId("BN"), csv: stranger }, bnOfficer);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(unknown.errors?.[0]?.extensions?.rows).toEqual([{ row: 2, column: "Mã nhà tài trợ", message: "no sponsor 00000000-0000-4000-8000-000000000000 in your chapters" }]);
    expect(await bnHeadsInDb()).toBe(0);
  });

  it("HA-PLEDGE: a good file lists the heads and the rate follows (1 of 4 pledged, equal to SQL); the same file again, also five times at once, changes nothing; a corrected row updates", async () => {
    const first = await t.query(IMPORT, { c: chapterId("BN"), csv: good() }, bnOfficer);
    expect(first.errors).toBeUndefined();
    expect(first.data.importAgencyHeads).toEqual({ added: 4, updated: 0, unchanged: 0 });
    const figures = async () => (await t.query(FIGURES, { c: chapterId("BN"), y: YEAR }, bnOfficer)).data.chapter.humanitarianFigures;
    const today = new Date().toISOString().slice(0, 10);
    const sql = () => independentHeads(chapterId("BN"), `${YEAR}-01-01`, `${YEAR}-12-31`, today);
    expect(await figures()).toEqual({ heads: 4, headsPledged: 1, headsPledgedPercent: 25 });
    expect(await sql()).toEqual({ heads: 4, pledged: 1 });

    const again = await Promise.all(Array.from({ length: 5 }, () => t.query(IMPORT, { c: chapterId("BN"), csv: good() }, bnOfficer)));
    for (const r of again) expect(r.errors).toBeUndefined();
    expect(again.map((r) => r.data.importAgencyHeads)).toEqual(Array(5).fill({ added: 0, updated: 0, unchanged: 4 }));
    expect(await bnHeadsInDb()).toBe(4);

    // BN-02 is the same head as the pledging sponsor after all: the list is corrected, the rate follows
    const corrected = good().replace(`BN-02,Trần Thị Hồng,Chủ tịch,Hội Liên hiệp Phụ nữ tỉnh,,01/01/${YEAR},,`, `BN-02,Trần Thị Hồng,Chủ tịch,Hội Liên hiệp Phụ nữ tỉnh,,01/01/${YEAR},,${sponsorId}`);
    const fixed = await t.query(IMPORT, { c: chapterId("BN"), csv: corrected }, bnOfficer);
    expect(fixed.data.importAgencyHeads).toEqual({ added: 0, updated: 1, unchanged: 3 });
    expect(await figures()).toEqual({ heads: 4, headsPledged: 2, headsPledgedPercent: 50 });
    expect(await sql()).toEqual({ heads: 4, pledged: 2 });
  });

  it("ORG-PEOPLE: heads' names and phones are masked for a caller not granted personal data; the list is paged and limited to the caller's slice", async () => {
    const q = `query($c: ID, $after: String) { agencyHeads(chapterId: $c, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { reference fullName phone position sponsor { id } } } }`;
    const officer = await t.query(q, { c: chapterId("BN") }, bnOfficer);
    expect(officer.errors).toBeUndefined();
    expect(officer.data.agencyHeads.totalCount).toBe(4);
    expect(officer.data.agencyHeads.pageInfo.hasNextPage).toBe(true);
    expect(officer.data.agencyHeads.nodes[0]).toMatchObject({ reference: "BN-01", fullName: "Nguyễn Hữu Thắng", phone: "0912111222", position: "Giám đốc" });
    const next = await t.query(q, { c: chapterId("BN"), after: officer.data.agencyHeads.pageInfo.endCursor }, bnOfficer);
    expect(next.data.agencyHeads.nodes.map((n: any) => n.reference)).toEqual(["BN-03", "BN-04"]);
    const viewer = await t.query(q, { c: chapterId("BN") }, bnViewer);
    expect(viewer.errors).toBeUndefined();
    const masked = viewer.data.agencyHeads.nodes[0];
    expect(masked.fullName).not.toContain("Hữu Thắng");
    expect(masked.phone).not.toBe("0912111222");
    expect(masked.position).toBe("Giám đốc");
    const outsider = await t.query(q, { c: null }, hpOfficer);
    expect(outsider.errors).toBeUndefined();
    expect(outsider.data.agencyHeads.nodes.map((n: any) => n.reference).filter((r: string) => r.startsWith("BN-"))).toEqual([]);
    const refused = await t.query(IMPORT, { c: chapterId("BN"), csv: good() }, hpOfficer);
    expect(refused.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await bnHeadsInDb()).toBe(4);
  });
});
