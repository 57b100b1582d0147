// docs/domain.md §2 HA-CALENDAR, HA-CAMPAIGNS: the reporting year's reports with their due dates and
// who has submitted; a submitted report is a frozen snapshot — later edits do not change it and
// the difference is visible; a second submission is CONFLICT. Campaign progress rolls up the
// tree, and each support recorded publishes the campaign's running totals.
import type { HumanitarianPrisma } from "@chapters/humanitarian";
import { CAMPAIGN_PROGRESS_TOPIC, type CampaignProgressEvent } from "@chapters/humanitarian";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: HumanitarianPrisma;
const ids = new Map<string, string>();
const admin = { chapter: "TW", role: "ADMIN" as const };
const dnOfficer = { chapter: "DN", role: "OFFICER" as const };

beforeAll(async () => {
  t = await startTestStack();
  db = t.stack.services.humanitarian!.database.prisma as HumanitarianPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const REPORTS = `query($c: ID!, $y: Int!) { chapter(id: $c) { humanitarianReports(year: $y) { kind dueOn periodFrom periodTo submitted submittedBy late
  frozen { value newAddresses } current { value newAddresses } difference { value newAddresses } } } }`;
const SUBMIT = `mutation($i: SubmitHumanitarianReportInput!) { submitHumanitarianReport(input: $i) { kind submitted frozen { value } } }`;

describe("HA-CALENDAR reports and frozen snapshots", () => {
  it("HA-CALENDAR: the year runs 25 Nov → 24 Nov; quarterly reports are due before the 10th of the quarter's last month, half-year before 30 May, annual before 30 Nov", async () => {
    const res = await t.query(REPORTS, { c: ids.get("BP.DX"), y: 2023 }, admin);
    expect(res.errors).toBeUndefined();
    const byKind = Object.fromEntries((res.data.chapter.humanitarianReports as any[]).map((r) => [r.kind, r]));
    expect(byKind.QUARTER_1).toMatchObject({ dueOn: "2023-03-09", periodFrom: "2022-11-25", submitted: false, late: null, frozen: null });
    expect(byKind.HALF_YEAR.dueOn).toBe("2023-05-29");
    expect(byKind.QUARTER_2.dueOn).toBe("2023-06-09");
    expect(byKind.QUARTER_3.dueOn).toBe("2023-09-09");
    expect(byKind.ANNUAL).toMatchObject({ dueOn: "2023-11-29", periodTo: "2023-11-24", current: { value: 112500000 } });
  });

  it("HA-CALENDAR: a submitted report stays as sent when the data change later; the difference shows; a second submission is CONFLICT", async () => {
    const chapterId = ids.get("BP.DX.TBI")!;
    const sent = await t.query(SUBMIT, { i: { chapterId, year: 2023, kind: "ANNUAL" } }, dnOfficer);
    expect(sent.errors).toBeUndefined();
    expect(sent.data.submitHumanitarianReport).toMatchObject({ kind: "ANNUAL", submitted: true, frozen: { value: 19500000 } });
    // a correction recorded later, inside the report's days
    const address = await db.humanitarianAddress.findFirstOrThrow({ where: { fullName: "Điểu Thị Bích" } });
    const sponsor = await db.sponsor.findFirstOrThrow({ where: { name: "Ngân hàng Nông nghiệp chi nhánh Bình Phước" } });
    const programme = await db.campaign.findFirstOrThrow({ where: { kind: "PROGRAMME" } });
    await db.supportRecord.create({
      data: { chapterId: address.chapterId, addressId: address.id, sponsorId: sponsor.id, campaignId: programme.id, kind: "LIVELIHOOD_CAPITAL", value: 7_000_000n, givenOn: new Date("2023-10-01"), reference: "CAL-1", recordedBy: "test" },
    });
    const res = await t.query(REPORTS, { c: chapterId, y: 2023 }, admin);
    const annual = (res.data.chapter.humanitarianReports as any[]).find((r) => r.kind === "ANNUAL");
    expect(annual).toMatchObject({ submitted: true, late: true, frozen: { value: 19500000 }, current: { value: 26500000 }, difference: { value: 7000000, newAddresses: 0 } });
    expect(annual.submittedBy).toBeTruthy();
    const again = await t.query(SUBMIT, { i: { chapterId, year: 2023, kind: "ANNUAL" } }, dnOfficer);
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
