// docs/domain.md §2 HA-CALENDAR, HA-CAMPAIGNS: reporting calendars are data (Bình Phước's 25 Nov →
// 24 Nov year in its subtree in 2023, the calendar year elsewhere; figures say which); reports are due
// only from the chapters seed 004 names, with their due dates and who has submitted; a submitted report is a frozen snapshot — later edits do not change it and
// the difference is visible; a second submission is CONFLICT. Campaign progress rolls up the
// tree, and each support recorded publishes the campaign's running totals.
import type { HumanitarianPrisma } from "@chapters/humanitarian";
import { CAMPAIGN_PROGRESS_TOPIC, type CampaignProgressEvent } from "@chapters/humanitarian";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: HumanitarianPrisma;
const ids = new Map<string, string>();
const admin = { chapter: "TW", role: "ADMIN" as const };
const dnOfficer = { chapter: "DN", role: "OFFICER" as const };
const twOfficer = { chapter: "TW", role: "OFFICER" as const };

beforeAll(async () => {
  t = await startTestStack();
  db = t.stack.services.humanitarian!.database.prisma as HumanitarianPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const REPORTS = `query($c: ID!, $y: Int!) { chapter(id: $c) { humanitarianReports(year: $y) { kind dueOn periodFrom periodTo source submitted submittedBy late
  frozen { value newAddresses } current { value newAddresses } difference { value newAddresses } } } }`;
const SUBMIT = `mutation($i: SubmitHumanitarianReportInput!) { submitHumanitarianReport(input: $i) { kind submitted frozen { value } } }`;

describe("HA-CALENDAR reports and frozen snapshots", () => {
  const FIGURES = `query($c: ID!, $y: Int!) { chapter(id: $c) { humanitarianFigures(year: $y) { periodFrom periodTo calendarSource value } } }`;
  const figures = async (code: string, year: number) => {
    const res = await t.query(FIGURES, { c: ids.get(code), y: year }, admin);
    expect(res.errors).toBeUndefined();
    return res.data.chapter.humanitarianFigures;
  };
  /** independent SQL: the value of counted help of a subtree (on the tree of `on`) given between two days */
  const valueBySql = async (code: string, from: string, to: string, on: string) => {
    const [row] = await db.$queryRawUnsafe<{ v: bigint | null }[]>(
      `SELECT sum(s.value) AS v FROM "SupportRecord" s JOIN "TreeClosure" c ON c."descendantId" = s."chapterId"
       WHERE c."ancestorId" = $1::uuid AND c."validFrom" <= $4::date AND (c."validTo" IS NULL OR c."validTo" > $4::date)
         AND s."givenOn" BETWEEN $2::date AND $3::date AND s."fundState" IS DISTINCT FROM 'PENDING'`,
      ids.get(code), from, to, on);
    return Number(row?.v ?? 0);
  };

  it("HA-CALENDAR: Bình Phước's 25 Nov → 24 Nov year holds in its subtree in 2023 only; every other chapter and year is the calendar year, and each figure says which", async () => {
    const bp2023 = await figures("BP.DX", 2023);
    expect(bp2023).toMatchObject({ periodFrom: "2022-11-25", periodTo: "2023-11-24", calendarSource: expect.stringContaining("25/11") });
    expect(bp2023.value).toBe(await valueBySql("BP.DX", "2022-11-25", "2023-11-24", "2023-11-24"));
    expect(await figures("BP.DX", 2024)).toMatchObject({ periodFrom: "2024-01-01", periodTo: "2024-12-31", calendarSource: null });
    // the central chapter (and Hải Phòng) report by calendar year, even over Bình Phước's chapters
    const tw = await figures("TW", 2023);
    expect(tw).toMatchObject({ periodFrom: "2023-01-01", periodTo: "2023-12-31", calendarSource: null });
    expect(tw.value).toBe(await valueBySql("TW", "2023-01-01", "2023-12-31", "2023-12-31"));
    expect(await figures("HP", 2023)).toMatchObject({ periodFrom: "2023-01-01", periodTo: "2023-12-31", calendarSource: null });
  });

  it("HA-CALENDAR: reports are due only from the chapters seed 004 names (Bình Phước's districts and attached schools), all four quarterly reports with December's, half-year and annual, each due the day before the seed's day", async () => {
    const res = await t.query(REPORTS, { c: ids.get("BP.DX"), y: 2023 }, admin);
    expect(res.errors).toBeUndefined();
    const reports = res.data.chapter.humanitarianReports as any[];
    expect(reports.map((r) => [r.kind, r.dueOn])).toEqual([
      ["QUARTER_1", "2023-03-09"], ["HALF_YEAR", "2023-05-29"], ["QUARTER_2", "2023-06-09"], ["QUARTER_3", "2023-09-09"], ["ANNUAL", "2023-11-29"], ["QUARTER_4", "2023-12-09"],
    ]);
    const byKind = Object.fromEntries(reports.map((r) => [r.kind, r]));
    expect(byKind.QUARTER_1).toMatchObject({ periodFrom: "2022-11-25", periodTo: "2023-03-09", submitted: false, late: null, frozen: null, source: expect.stringContaining("V.1") });
    expect(byKind.ANNUAL).toMatchObject({ periodTo: "2023-11-24", current: { value: 112500000 } });
    // December's report falls after the year closed on 24 November: it covers the whole year
    expect(byKind.QUARTER_4).toMatchObject({ periodFrom: "2022-11-25", periodTo: "2023-11-24", current: { value: 112500000 } });
    // a commune, the province itself, another province, and Bình Phước's districts in another year owe none
    for (const [code, year] of [["BP.DX.TBI", 2023], ["BP", 2023], ["HP", 2023], ["BP.DX", 2024]] as const) {
      const none = await t.query(REPORTS, { c: ids.get(code), y: year }, admin);
      expect(none.errors, code).toBeUndefined();
      expect(none.data.chapter.humanitarianReports, `${code} ${year}`).toEqual([]);
    }
    // a chapter that owes no report cannot submit one, and nothing is written
    const commune = await t.query(SUBMIT, { i: { chapterId: ids.get("BP.DX.TBI"), year: 2023, kind: "ANNUAL" } }, dnOfficer);
    expect(commune.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(commune.errors?.[0]?.message).toContain("input.kind");
    expect(await db.humanitarianReport.count({ where: { chapterId: ids.get("BP.DX.TBI") } })).toBe(0);
  });

  it("HA-CALENDAR: a submitted report stays as sent when the data change later; the difference shows; a second submission is CONFLICT", async () => {
    // Đồng Xoài's district chapter ended with the 2025 reform: the central chapter's officer submits its 2023 report
    const chapterId = ids.get("BP.DX")!;
    const sent = await t.query(SUBMIT, { i: { chapterId, year: 2023, kind: "ANNUAL" } }, twOfficer);
    expect(sent.errors).toBeUndefined();
    expect(sent.data.submitHumanitarianReport).toMatchObject({ kind: "ANNUAL", submitted: true, frozen: { value: 112500000 } });
    // a correction recorded later, inside the report's days
    const address = await db.humanitarianAddress.findFirstOrThrow({ where: { fullName: "Điểu Thị Bích" } });
    const sponsor = await db.sponsor.findFirstOrThrow({ where: { name: "Ngân hàng Nông nghiệp chi nhánh Bình Phước" } });
    const programme = await db.campaign.findFirstOrThrow({ where: { kind: "PROGRAMME" } });
    await db.supportRecord.create({
      data: { chapterId: address.chapterId, addressId: address.id, sponsorId: sponsor.id, campaignId: programme.id, kind: "LIVELIHOOD_CAPITAL", value: 7_000_000n, givenOn: new Date("2023-10-01"), reference: "CAL-1", recordedBy: "test" },
    });
    const res = await t.query(REPORTS, { c: chapterId, y: 2023 }, admin);
    const annual = (res.data.chapter.humanitarianReports as any[]).find((r) => r.kind === "ANNUAL");
    expect(annual).toMatchObject({ submitted: true, late: true, frozen: { value: 112500000 }, current: { value: 119500000 }, difference: { value: 7000000, newAddresses: 0 } });
    expect(annual.submittedBy).toBeTruthy();
    const again = await t.query(SUBMIT, { i: { chapterId, year: 2023, kind: "ANNUAL" } }, twOfficer);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await db.humanitarianReport.count({ where: { chapterId } })).toBe(1);
  });

  it("HA-CALENDAR: bad input names the field and writes nothing; an outsider gets NOT_FOUND", async () => {
    const bad = await t.query(SUBMIT, { i: { chapterId: ids.get("BP.DX.TBI"), year: 1999, kind: "QUARTER_1" } }, dnOfficer);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toContain("input.year");
    const outsider = await t.query(SUBMIT, { i: { chapterId: ids.get("BP.DX.TBI"), year: 2023, kind: "QUARTER_1" } }, { chapter: "HP", role: "OFFICER" });
    expect(outsider.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await db.humanitarianReport.count({ where: { kind: "QUARTER_1" } })).toBe(0);
  });
});

describe("HA-CALENDAR: a quarterly report downloaded in its set form (XLSX)", () => {
  const download = (query: string, headers: Record<string, string> = {}) => fetch(new URL(`/reports/quarterly.xlsx?${query}`, t.url), { headers });
  /** the cells of a sheet's rows from the third on (row 1: title, row 2: headers) */
  const body = (sheet: ExcelJS.Worksheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => void (n > 2 && rows.push((row.values as unknown[]).slice(1))));
    return rows;
  };
  const headers = (sheet: ExcelJS.Worksheet) => (sheet.getRow(2).values as unknown[]).slice(1);

  it("HA-CALENDAR, HA-SUPPORT: an officer with a token downloads Bình Phước's Q3 2023 report of Đồng Xoài; its cells equal an independent SQL computation", async () => {
    const token = await t.token("TW", "OFFICER");
    const res = await download(`chapterId=${ids.get("BP.DX")}&year=2023&kind=QUARTER_3`, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    // the report's days: Bình Phước's year from 25 Nov 2022 to the report's due day, on the tree of that day
    const [from, to] = ["2022-11-25", "2023-09-09"];
    const subtree = `SELECT c."descendantId" FROM "TreeClosure" c WHERE c."ancestorId" = x.id AND c."validFrom" <= '${to}' AND (c."validTo" IS NULL OR c."validTo" > '${to}')`;
    const expected = await db.$queryRawUnsafe<Record<string, unknown>[]>(`
      WITH x AS (SELECT $1::uuid AS id, 0 AS o, '' AS code UNION ALL
        SELECT c."descendantId", 1, t.code FROM "TreeClosure" c JOIN "TreeChapter" t ON t.id = c."descendantId"
        WHERE c."ancestorId" = $1::uuid AND c.depth = 1 AND c."validFrom" <= '${to}' AND (c."validTo" IS NULL OR c."validTo" > '${to}'))
      SELECT x.o, x.code,
        (SELECT count(*) FROM "HumanitarianAddress" a WHERE a."chapterId" IN (${subtree}) AND a."surveyedOn" BETWEEN '${from}' AND '${to}')::int AS fresh,
        (SELECT count(*) FROM "HumanitarianAddress" a WHERE a."chapterId" IN (${subtree}) AND a."surveyedOn" <= '${to}')::int AS surveyed,
        (SELECT count(*) FROM "HumanitarianAddress" a WHERE a."chapterId" IN (${subtree}) AND a."approvedOn" <= '${to}')::int AS approved,
        (SELECT count(*) FROM "HumanitarianAddress" a WHERE a."chapterId" IN (${subtree}) AND a."publishedOn" <= '${to}')::int AS published,
        (SELECT count(*) FROM "SupportRecord" s WHERE s."chapterId" IN (${subtree}) AND s."givenOn" BETWEEN '${from}' AND '${to}' AND s."fundState" IS DISTINCT FROM 'PENDING')::int AS supports,
        (SELECT coalesce(sum(s.value), 0) FROM "SupportRecord" s WHERE s."chapterId" IN (${subtree}) AND s."givenOn" BETWEEN '${from}' AND '${to}' AND s."fundState" IS DISTINCT FROM 'PENDING')::float8 AS value
      FROM x ORDER BY x.o, x.code`, ids.get("BP.DX"));
    const figures = workbook.getWorksheet("Bảng số liệu")!;
    expect(headers(figures)).toEqual(["Đơn vị", "Địa chỉ đề xuất mới trong kỳ", "Địa chỉ đã khảo sát (lũy kế)", "Địa chỉ đã phê duyệt", "Địa chỉ đã cập nhật lên hệ thống iNHANDAO", "Số lượt trợ giúp", "Giá trị trợ giúp (đồng)"]);
    expect(String(figures.getCell("A1").value)).toContain("2022-11-25");
    expect(body(figures)).toEqual(expected.map((e) => [e.o === 0 ? "Tổng BP.DX" : e.code, e.fresh, e.surveyed, e.approved, e.published, e.supports, e.value]));
    expect((expected[0]!.value as number) > 0 && expected.length > 2).toBe(true);

    const byKind = await db.$queryRawUnsafe<{ kind: string; n: number; v: number }[]>(`
      SELECT s.kind::text AS kind, count(*)::int AS n, sum(s.value)::float8 AS v FROM "SupportRecord" s
      WHERE s."chapterId" IN (SELECT c."descendantId" FROM "TreeClosure" c WHERE c."ancestorId" = $1::uuid AND c."validFrom" <= '${to}' AND (c."validTo" IS NULL OR c."validTo" > '${to}'))
        AND s."givenOn" BETWEEN '${from}' AND '${to}' AND s."fundState" IS DISTINCT FROM 'PENDING' GROUP BY s.kind ORDER BY s.kind`, ids.get("BP.DX")); // the form's order of kinds
    const kinds = workbook.getWorksheet("Trợ giúp theo hình thức")!;
    expect(headers(kinds)).toEqual(["Hình thức trợ giúp", "Số lượt", "Giá trị (đồng)"]);
    expect(body(kinds).map((r) => [r[1], r[2]])).toEqual(byKind.map((k) => [k.n, k.v]));
    expect(body(kinds).map((r) => r[0])).toContain("Xe lăn, xe lắc");

    const list = workbook.getWorksheet("Danh sách địa chỉ")!;
    const names = await db.$queryRawUnsafe<{ fullName: string }[]>(`
      SELECT a."fullName" FROM "HumanitarianAddress" a WHERE a."surveyedOn" <= '${to}'
        AND a."chapterId" IN (SELECT c."descendantId" FROM "TreeClosure" c WHERE c."ancestorId" = $1::uuid AND c."validFrom" <= '${to}' AND (c."validTo" IS NULL OR c."validTo" > '${to}'))`, ids.get("BP.DX"));
    expect(body(list)).toHaveLength(names.length);
    // personal data never leaves in a file: names are masked
    const cells = body(list).flat().map(String);
    for (const { fullName } of names) expect(cells).not.toContain(fullName);
  });

  it("HA-CALENDAR: the download needs a token in the Authorization header (never in the URL), an officer's slice, and a chapter that owes the report", async () => {
    const q = `chapterId=${ids.get("BP.DX")}&year=2023&kind=QUARTER_1`;
    const none = await download(q);
    expect(none.status).toBe(401);
    const token = await t.token("TW", "OFFICER");
    const inUrl = await download(`${q}&access_token=${token}`);
    expect(inUrl.status).toBe(400);
    expect(((await inUrl.json()) as any).errors[0].message).toContain("Authorization header");
    const outsider = await download(q, { authorization: `Bearer ${await t.token("HP", "OFFICER")}` });
    expect(outsider.status).toBe(404);
    const commune = await download(`chapterId=${ids.get("BP.DX.TBI")}&year=2023&kind=QUARTER_1`, { authorization: `Bearer ${token}` });
    expect(commune.status).toBe(400);
    expect(((await commune.json()) as any).errors[0].extensions.problems?.[0]?.field).toBe("kind");
    const annual = await download(`chapterId=${ids.get("BP.DX")}&year=2023&kind=ANNUAL`, { authorization: `Bearer ${token}` });
    expect(annual.status).toBe(400);
  });
});

describe("HA-CAMPAIGNS progress", () => {
  it("HA-CAMPAIGNS: progress rolls up the tree, against each chapter's target, as it was and restated", async () => {
    const campaign = await db.campaign.findFirstOrThrow({ where: { kind: "ADDRESS_CAMPAIGN", name: { contains: "Bình Phước" } } });
    const q = `query($k: ID!, $c: ID, $r: Boolean) { campaign(id: $k) { name kindLabel progress(chapterId: $c, restated: $r) { value addressesSupported peopleHelped target { value addresses } } } }`;
    const province = await t.query(q, { k: campaign.id }, admin);
    expect(province.errors).toBeUndefined();
    const sum = (await db.supportRecord.findMany({ where: { campaignId: campaign.id } })).reduce((s, r) => s + Number(r.value), 0);
    expect(province.data.campaign.progress).toMatchObject({ value: sum, target: { value: 500000000, addresses: 60 } });
    const commune = await t.query(q, { k: campaign.id, c: ids.get("BP.DX.TBI") }, admin);
    expect(commune.data.campaign.progress).toMatchObject({ value: 19500000, addressesSupported: 2, peopleHelped: 7, target: { value: 20000000 } });
    const dn = await t.query(q, { k: campaign.id, c: ids.get("DN"), r: true }, admin);
    expect(dn.data.campaign.progress.value).toBe(sum);
    const dnAsItWas = await t.query(q, { k: campaign.id, c: ids.get("DN"), r: false }, admin);
    expect(dnAsItWas.data.campaign.progress.value).toBe(0);
  });

  it("HA-CAMPAIGNS: Tháng Nhân đạo's 20% of the resource-mobilisation target is Kiên Giang's 2024 rule, for the province and its districts only", async () => {
    const q = `query($k: ID!, $c: ID) { campaign(id: $k) { progress(chapterId: $c) { value resourceTarget humanitarianMonth { resourceTarget sharePercent required met source } } } }`;
    // Bình Phước 2023: its resource target is shown, but no document of Bình Phước sets a share for the month
    const month = await db.campaign.findFirstOrThrow({ where: { kind: "THANG_NHAN_DAO" } });
    const bp = await t.query(q, { k: month.id, c: ids.get("BP") }, admin);
    expect(bp.errors).toBeUndefined();
    expect(bp.data.campaign.progress).toMatchObject({ value: 70000000, resourceTarget: 500000000, humanitarianMonth: null });
    const SET = `mutation($i: ResourceMobilisationTargetInput!) { setResourceMobilisationTarget(input: $i) }`;
    const bad = await t.query(SET, { i: { chapterId: ids.get("HP"), year: 2023, target: -5 } }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toContain("input.target");
    expect((await t.query(SET, { i: { chapterId: ids.get("HP"), year: 2023, target: 300000000 } }, admin)).errors).toBeUndefined();
    const hp = await t.query(q, { k: month.id, c: ids.get("HP") }, admin);
    expect(hp.data.campaign.progress).toMatchObject({ resourceTarget: 300000000, humanitarianMonth: null });
    // Kiên Giang 2024 (seed 002): the province and each district, not a commune, not 2025
    const kg = await db.campaign.create({ data: { chapterId: ids.get("KG")!, kind: "THANG_NHAN_DAO", name: "Tháng Nhân đạo 2024 (Kiên Giang)", startsOn: new Date("2024-05-01"), endsOn: new Date("2024-05-31"), createdBy: "test" } });
    const kg2025 = await db.campaign.create({ data: { chapterId: ids.get("KG")!, kind: "THANG_NHAN_DAO", name: "Tháng Nhân đạo 2025 (Kiên Giang)", startsOn: new Date("2025-05-01"), endsOn: new Date("2025-05-31"), createdBy: "test" } });
    for (const [code, year] of [["KG", 2024], ["KG.RG", 2024], ["KG.RG.VTV", 2024], ["KG", 2025]] as const) {
      // the demo already plans Kiên Giang's 2024 resources (its emulation figures): this test sets its own
      const plan = { chapterId: ids.get(code)!, year };
      await db.resourcePlan.upsert({ where: { chapterId_year: plan }, create: { ...plan, target: 1_000_000_000n, setBy: "test" }, update: { target: 1_000_000_000n } });
    }
    const at = async (k: string, code: string) => (await t.query(q, { k, c: ids.get(code) }, admin)).data.campaign.progress;
    expect((await at(kg.id, "KG")).humanitarianMonth).toMatchObject({ resourceTarget: 1000000000, sharePercent: 20, required: 200000000, met: false, source: expect.stringContaining("seed 002") });
    expect((await at(kg.id, "KG.RG")).humanitarianMonth).toMatchObject({ sharePercent: 20, required: 200000000 });
    expect(await at(kg.id, "KG.RG.VTV")).toMatchObject({ resourceTarget: 1000000000, humanitarianMonth: null });
    expect(await at(kg2025.id, "KG")).toMatchObject({ resourceTarget: 1000000000, humanitarianMonth: null });
  });

  it("HA-CAMPAIGNS: each support recorded publishes the campaign's running totals", async () => {
    const events: CampaignProgressEvent[] = [];
    const unsubscribe = await t.stack.pubsub.subscribe(CAMPAIGN_PROGRESS_TOPIC, (e) => events.push(e as CampaignProgressEvent));
    const campaign = await t.query(`mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, {
      i: { chapterId: ids.get("DN"), kind: "TET_NHAN_AI", name: "Tết Nhân ái 2026", startsOn: "2025-10-01", endsOn: "2026-02-15" },
    }, dnOfficer);
    const sponsor = await db.sponsor.findFirstOrThrow({ where: { name: "Công ty Cổ phần Cao su Đồng Phú" } });
    const address = await db.humanitarianAddress.findFirstOrThrow({ where: { fullName: "Lê Thị Mai" } });
    for (const [i, value] of [[1, 2_000_000], [2, 3_000_000]] as const) {
      const r = await t.query(`mutation($i: RecordSupportInput!) { recordSupport(input: $i) { id } }`, {
        i: { addressId: address.id, sponsorId: sponsor.id, campaignId: campaign.data.createCampaign.id, kind: "OTHER", value, givenOn: `2025-10-0${i}`, reference: `TET-2026-${i}` },
      }, dnOfficer);
      expect(r.errors).toBeUndefined();
    }
    await unsubscribe();
    const mine = events.filter((e) => e.campaignId === campaign.data.createCampaign.id);
    expect(mine.map((e) => e.totals)).toEqual([
      { value: "2000000", addressesSupported: 1, peopleHelped: 3, supports: 1 },
      { value: "5000000", addressesSupported: 1, peopleHelped: 3, supports: 2 },
    ]);
  });
});
