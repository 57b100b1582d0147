// Demo data for the humanitarian subgraph (docs/domain.md §2): Bình Phước's 2023 campaign "Mỗi tổ
// chức, mỗi cá nhân gắn với một địa chỉ nhân đạo" (seed 004) — its targets as rule rows scoped to
// Bình Phước, addresses in the communes of Đồng Xoài at every workflow step, sponsors (heads of
// agencies among them), pledges and support under one campaign or programme each — and Từ Sơn's
// targets (seed 001) as rule rows scoped to Từ Sơn, with a few of its addresses. Bình Phước was
// merged into Đồng Nai on 2025-07-01: the restated view shows these figures under Đồng Nai.
// Names, amounts and dates are invented but realistic (illustrative), the heads of agencies too. Runs once (does nothing when campaigns exist).
import type { PrismaClient } from "../../subgraphs/humanitarian/src/generated/prisma/client.ts";
import type { AddressCategory, AddressStatus, SupportKind } from "../../subgraphs/humanitarian/src/generated/prisma/enums.ts";
import { rebuildHumanitarianRollups } from "../../subgraphs/humanitarian/src/indicators/rollups.ts";
import { seedKienGiang2024 } from "./kien-giang-2024.ts";

const d = (text: string) => new Date(`${text}T00:00:00Z`);
const BY = "seed";

interface DemoAddress {
  chapter: string;
  name: string;
  category: AddressCategory;
  /** further categories (HA-PROFILE, seed 004: e.g. also a poor household) */
  also?: AddressCategory[];
  size: number;
  needs: string;
  surveyed: string;
  /** the step reached, with the dates of profiling and approval */
  status: AddressStatus;
  steps?: [profiled: string, approved?: string];
  published?: string;
  rank?: number;
}

const DX = "BP.DX";
const ADDRESSES: DemoAddress[] = [
  { chapter: `${DX}.TPH`, name: "Nguyễn Thị Lan", category: "LONELY_ELDERLY", size: 1, needs: "Cụ bà 82 tuổi sống một mình, nhà dột", surveyed: "2022-12-05", status: "SUPPORTED", steps: ["2022-12-20", "2023-01-05"], published: "2023-02-01", rank: 1 },
  { chapter: `${DX}.TPH`, name: "Trần Văn Hùng", category: "AGENT_ORANGE", size: 4, needs: "Con bị di chứng chất độc da cam, cần xe lăn", surveyed: "2022-12-08", status: "SUPPORTED", steps: ["2023-01-10", "2023-01-20"], published: "2023-02-01", rank: 2 },
  { chapter: `${DX}.TPH`, name: "Lê Thị Mai", category: "GRAVE_ILLNESS", size: 3, needs: "Chạy thận chu kỳ, thu nhập thấp", surveyed: "2023-03-02", status: "APPROVED", steps: ["2023-03-20", "2023-04-02"], rank: 3 },
  { chapter: `${DX}.TBI`, name: "Điểu Thị Bích", category: "OTHER_VULNERABLE", size: 5, needs: "Hộ đồng bào S'tiêng, thiếu vốn sản xuất", surveyed: "2023-01-12", status: "SUPPORTED", steps: ["2023-02-01", "2023-02-15"], published: "2023-03-01", rank: 1 },
  { chapter: `${DX}.TBI`, name: "Phạm Văn Tâm", category: "DISABILITY", size: 2, needs: "Liệt hai chân sau tai nạn lao động", surveyed: "2023-02-20", status: "SUPPORTED", steps: ["2023-03-05", "2023-03-15"], rank: 2 },
  { chapter: `${DX}.TBI`, name: "Hoàng Thị Thu", category: "ORPHAN", size: 2, needs: "Hai chị em mồ côi ở với bà ngoại", surveyed: "2023-06-10", status: "PROFILED", steps: ["2023-06-25"] },
  { chapter: `${DX}.TXU`, name: "Vũ Văn Long", category: "DISASTER", size: 6, needs: "Nhà sập do lốc xoáy tháng 5/2023", surveyed: "2023-05-22", status: "SUPPORTED", steps: ["2023-05-25", "2023-05-27"], published: "2023-06-01", rank: 1 },
  { chapter: `${DX}.TXU`, name: "Đỗ Thị Hạnh", category: "INJURY", size: 3, needs: "Chồng mất do tai nạn giao thông, nuôi ba con nhỏ", surveyed: "2023-04-14", status: "SUPPORTED", steps: ["2023-05-02", "2023-05-10"], rank: 2 },
  { chapter: `${DX}.TXU`, name: "Bùi Văn Phúc", category: "LONELY_ELDERLY", size: 1, needs: "Cụ ông 79 tuổi, không nơi nương tựa", surveyed: "2023-09-03", status: "SURVEYED" },
  { chapter: `${DX}.TXU`, name: "Ngô Thị Yến", category: "GRAVE_ILLNESS", size: 4, needs: "Ung thư giai đoạn 2, cần thẻ bảo hiểm y tế", surveyed: "2023-07-18", status: "SUPPORTED", steps: ["2023-08-01", "2023-08-10"], published: "2023-08-20", rank: 3 },
  { chapter: DX, name: "Thị Bé", category: "DISABILITY", also: ["POOR_HOUSEHOLD"], size: 3, needs: "Khiếm thị, hộ nghèo, cần sinh kế", surveyed: "2023-10-02", status: "SUPPORTED", steps: ["2023-10-10", "2023-10-16"] },
  // Từ Sơn (seed 001), before the 2025 reform
  { chapter: "BN.TS.DNG", name: "Nguyễn Văn Bình", category: "DISABILITY", size: 3, needs: "Bại não bẩm sinh, cần phục hồi chức năng", surveyed: "2023-01-09", status: "SUPPORTED", steps: ["2023-01-20", "2023-02-01"], rank: 1 },
  { chapter: "BN.TS.CKE", name: "Đào Thị Nga", category: "LONELY_ELDERLY", size: 1, needs: "Người già neo đơn", surveyed: "2023-03-15", status: "APPROVED", steps: ["2023-03-25", "2023-04-05"], rank: 1 },
];

/** [address index, sponsor index, campaign key, kind, value VND, date] */
const SUPPORTS: [number, number, string, SupportKind, bigint, string][] = [
  [0, 0, "tet", "OTHER", 1_500_000n, "2023-01-12"],
  [0, 2, "addr", "MONTHLY", 6_000_000n, "2023-06-30"],
  [1, 1, "addr", "WHEELCHAIR", 4_800_000n, "2023-02-10"],
  [1, 3, "tet", "OTHER", 1_000_000n, "2023-01-18"],
  [3, 1, "addr", "LIVELIHOOD_LIVESTOCK", 12_000_000n, "2023-03-08"],
  [4, 4, "addr", "REHABILITATION", 7_500_000n, "2023-04-01"],
  [6, 1, "month", "HOUSING", 60_000_000n, "2023-05-30"],
  [6, 5, "addr", "SAVINGS_BOOK", 5_000_000n, "2023-09-02"],
  [7, 2, "month", "LIVELIHOOD_CAPITAL", 10_000_000n, "2023-05-15"],
  [9, 5, "nutrition", "HEALTH_INSURANCE", 1_200_000n, "2023-08-15"],
  [10, 0, "addr", "LIVELIHOOD_SEEDLINGS", 3_500_000n, "2023-11-24"],
  [11, 6, "ts", "REHABILITATION", 9_000_000n, "2023-02-10"],
];

/** HA-PLEDGE, ORG-PEOPLE: the heads of agencies and organisations Bình Phước's chapters list —
 * illustrative: seed 004 §III sets the 30% but names no heads. [chapter, Mã, name, position,
 * organisation, serves from, serves until, index of the head's own sponsor record]. In Bình Phước's
 * 2023 year (25/11/2022–24/11/2023) Đồng Xoài lists 10 serving heads (BP-DX-11 left in 2022), of
 * whom Trần Quốc Khánh and Lê Minh Đức have a pledge running: 2 of 10, 20%, below the 30% — and the
 * province's subtree 2 of 16. */
const HEADS: [string, string, string, string, string, string, string | null, number | null][] = [
  ["BP", "BP-01", "Nguyễn Văn Lợi", "Giám đốc", "Sở Lao động - Thương binh và Xã hội tỉnh Bình Phước", "2021-01-01", null, null],
  ["BP", "BP-02", "Trần Thị Thu Hà", "Chủ tịch", "Hội Liên hiệp Phụ nữ tỉnh Bình Phước", "2021-01-01", null, null],
  ["BP", "BP-03", "Lê Văn Thắng", "Giám đốc", "Sở Y tế tỉnh Bình Phước", "2021-01-01", null, null],
  ["BP", "BP-04", "Phạm Minh Tuấn", "Bí thư", "Tỉnh đoàn Bình Phước", "2022-03-01", null, null],
  ["BP", "BP-05", "Hoàng Văn Nam", "Chủ tịch", "Liên đoàn Lao động tỉnh Bình Phước", "2021-01-01", null, null],
  ["BP", "BP-06", "Đặng Thị Kim Oanh", "Giám đốc", "Sở Giáo dục và Đào tạo tỉnh Bình Phước", "2021-01-01", null, null],
  [DX, "BP-DX-01", "Trần Quốc Khánh", "Chủ tịch", "Ủy ban nhân dân thành phố Đồng Xoài", "2021-06-01", null, 0],
  [DX, "BP-DX-02", "Lê Minh Đức", "Bí thư", "Thành ủy Đồng Xoài (Chủ tịch danh dự Hội)", "2021-06-01", null, 2],
  [DX, "BP-DX-03", "Phan Thị Hoa", "Trưởng phòng", "Phòng Lao động - Thương binh và Xã hội thành phố", "2021-06-01", null, 3],
  [DX, "BP-DX-04", "Võ Thanh Sơn", "Chủ tịch", "Ủy ban Mặt trận Tổ quốc thành phố Đồng Xoài", "2021-06-01", null, 7],
  [DX, "BP-DX-05", "Ngô Văn Hải", "Trưởng phòng", "Phòng Giáo dục và Đào tạo thành phố", "2021-06-01", null, null],
  [DX, "BP-DX-06", "Bùi Thị Ngọc", "Chủ tịch", "Hội Liên hiệp Phụ nữ thành phố", "2021-06-01", null, null],
  [DX, "BP-DX-07", "Đỗ Văn Tài", "Giám đốc", "Trung tâm Y tế thành phố Đồng Xoài", "2021-06-01", null, null],
  [DX, "BP-DX-08", "Vũ Thị Phương", "Bí thư", "Thành đoàn Đồng Xoài", "2022-01-10", null, null],
  [DX, "BP-DX-09", "Lý Văn Phát", "Chủ tịch", "Hội Nông dân thành phố", "2021-06-01", null, null],
  [DX, "BP-DX-10", "Trịnh Thị Lan", "Chủ tịch", "Liên đoàn Lao động thành phố", "2021-06-01", null, null],
  [DX, "BP-DX-11", "Châu Văn Lộc", "Trưởng công an", "Công an thành phố Đồng Xoài", "2019-05-01", "2022-10-31", null],
];

const CALENDAR_SOURCE = "KH Cuộc vận động Nhân đạo tỉnh Bình Phước 2023, mục V: số liệu tính từ ngày 25/11 năm trước đến ngày 24/11 năm sau";
const DUTY_SOURCE = "KH Cuộc vận động Nhân đạo tỉnh Bình Phước 2023, mục V.1: Hội CTĐ các huyện, thị xã, thành phố và các trường trực thuộc";
/** HA-CALENDAR, seed 004 §V.1: [report, month, day it is due "before"] — quarterly before the 10th of
 * the quarter's last month (March, June, September, December), half-year before 30 May, annual before 30 November */
const REPORT_DUTIES: ["QUARTER_1" | "QUARTER_2" | "QUARTER_3" | "QUARTER_4" | "HALF_YEAR" | "ANNUAL", number, number][] = [
  ["QUARTER_1", 3, 10],
  ["QUARTER_2", 6, 10],
  ["QUARTER_3", 9, 10],
  ["QUARTER_4", 12, 10],
  ["HALF_YEAR", 5, 30],
  ["ANNUAL", 11, 30],
];

const AGENCY_DUTY_SOURCE = "KH Cuộc vận động Nhân đạo tỉnh Bình Phước 2023, mục V.2: các cơ quan thành viên Ban Chỉ đạo tỉnh và ban, sở, ngành, đoàn thể — báo cáo 6 tháng và báo cáo năm";
/** HA-CALENDAR, seed 004 §V.2: the member agencies owe the half-year (before 30 May) and annual (before 30 November) reports only */
const AGENCY_DUTIES: ["HALF_YEAR" | "ANNUAL", number, number][] = [
  ["HALF_YEAR", 5, 30],
  ["ANNUAL", 11, 30],
];
/** HA-CALENDAR: Bình Phước's steering-committee member agencies as seed 004 §IV names them (items 2–13:
 * each is given its part in the campaign; item 1 is the Red Cross itself, which receives the
 * reports, and item 14 the district committees, whose chapters report under §V.1). [code, name, item] */
const STEERING_AGENCIES: [string, string, string][] = [
  ["MTTQ", "Ủy ban MTTQVN tỉnh", "IV.2"],
  ["LDLD", "Liên đoàn Lao động tỉnh", "IV.3"],
  ["TDOAN", "Tỉnh Đoàn", "IV.4"],
  ["HND", "Hội Nông dân tỉnh", "IV.5"],
  ["HCCB", "Hội Cựu Chiến binh tỉnh", "IV.6"],
  ["HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "IV.7"],
  ["SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "IV.8"],
  ["SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "IV.9"],
  ["SGDDT", "Sở Giáo dục và Đào tạo", "IV.10"],
  ["STC", "Sở Tài chính", "IV.11"],
  ["SYT", "Sở Y tế", "IV.12"],
  ["PTTH", "Đài Phát thanh - Truyền hình tỉnh", "IV.13"],
  ["BAOBP", "Báo Bình Phước", "IV.13"],
];

interface RuleSeed {
  chapter: string;
  indicatorCode: string;
  comparison: "GT" | "GTE";
  threshold: number;
  communeStruggling?: boolean;
  /** levels below the stating chapter it applies at (none: every chapter of its subtree) */
  depth?: number;
  /** the years its document covers (default 2023 only) */
  fromYear?: number;
  toYear?: number | null;
  source: string;
}

/** HA-TARGETS rule rows, each scoped to the chapter, levels and years its document states. */
const RULES: RuleSeed[] = [
  { chapter: "BP", indicatorCode: "humanitarian.new-addresses", comparison: "GTE", threshold: 2, communeStruggling: true, source: "KH Cuộc vận động Nhân đạo tỉnh Bình Phước 2023, mục III (xã khó khăn ≥ 02 địa chỉ mới)" },
  { chapter: "BP", indicatorCode: "humanitarian.new-addresses", comparison: "GTE", threshold: 3, communeStruggling: false, source: "KH Cuộc vận động Nhân đạo tỉnh Bình Phước 2023, mục III (xã trung bình trở lên ≥ 03 địa chỉ mới)" },
  { chapter: "BP", indicatorCode: "humanitarian.profiled-rate", comparison: "GTE", threshold: 100, depth: 1, source: "KH Bình Phước 2023, III.2: khảo sát, lập 100% hồ sơ" },
  { chapter: "BP", indicatorCode: "humanitarian.supported-rate", comparison: "GT", threshold: 70, depth: 1, source: "KH Bình Phước 2023, III.2: trên 70% địa chỉ đã lập hồ sơ được trợ giúp" },
  { chapter: "BP", indicatorCode: "humanitarian.published", comparison: "GTE", threshold: 30, depth: 1, source: "KH Bình Phước 2023, III.2: ít nhất 30 địa chỉ kết nối qua hệ thống iNHANDAO" },
  // HA-PLEDGE: the heads of agencies and organisations, honorary presidents and leaders of the province and of each district (huyện, thị, thành phố) — not each commune
  ...[0, 1].map((depth) => ({ chapter: "BP", indicatorCode: "humanitarian.heads-pledged-rate", comparison: "GTE" as const, threshold: 30, depth, source: "KH Bình Phước 2023, III: ít nhất 30% người đứng đầu cơ quan, tổ chức, lãnh đạo huyện, thị, thành phố đăng ký ≥ 01 địa chỉ" })),
  // HA-CAMPAIGNS: Kiên Giang's, for 2024, for the province and each of its districts (depth 0 and 1)
  ...[0, 1].map((depth) => ({ chapter: "KG", indicatorCode: "humanitarian.month-share", comparison: "GTE" as const, threshold: 20, depth, fromYear: 2024, toYear: 2024,
    source: "seed 002: KH thi đua 2024 Hội CTĐ tỉnh Kiên Giang — giá trị Tháng Nhân đạo 2024 đạt 20% nghị quyết năm của tỉnh và mỗi huyện, thành Hội" })),
  { chapter: "BN.TS", indicatorCode: "humanitarian.supported-of-surveyed-rate", comparison: "GT", threshold: 80, toYear: 2033, source: "KH Thành ủy Từ Sơn thực hiện KL 44-KL/TW, II.2: trên 80% địa chỉ đã khảo sát được kết nối hỗ trợ" },
  { chapter: "BN.TS", indicatorCode: "humanitarian.value", comparison: "GTE", threshold: 1_000_000_000, toYear: 2033, source: "KH Thành ủy Từ Sơn thực hiện KL 44-KL/TW, II.7: tổng giá trị hoạt động nhân đạo từ 1 tỷ đồng/năm" },
];

export async function seedHumanitarianDemo(prisma: PrismaClient): Promise<{ created: boolean }> {
  if ((await prisma.campaign.count()) > 0) return { created: false };
  const chapters = new Map((await prisma.treeChapter.findMany()).map((c) => [c.code, c.id]));
  const id = (code: string) => {
    const found = chapters.get(code);
    if (!found) throw new Error(`humanitarian seed: no chapter ${code} in the tree replica`);
    return found;
  };
  await prisma.$transaction(
    async (tx) => {
      const campaigns = {
        addr: await tx.campaign.create({ data: { chapterId: id("BP"), kind: "ADDRESS_CAMPAIGN", name: "Cuộc vận động “Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo” tỉnh Bình Phước năm 2023", startsOn: d("2022-11-25"), endsOn: d("2023-11-24"), createdBy: BY } }),
        tet: await tx.campaign.create({ data: { chapterId: id("TW"), kind: "TET_NHAN_AI", name: "Tết Nhân ái Quý Mão 2023", startsOn: d("2022-12-15"), endsOn: d("2023-01-31"), createdBy: BY } }),
        month: await tx.campaign.create({ data: { chapterId: id("TW"), kind: "THANG_NHAN_DAO", name: "Tháng Nhân đạo năm 2023", startsOn: d("2023-05-01"), endsOn: d("2023-05-31"), createdBy: BY } }),
        nutrition: await tx.campaign.create({ data: { chapterId: id("TW"), kind: "PROGRAMME", name: "Chương trình Dinh dưỡng cho trẻ em nghèo, khuyết tật", startsOn: d("2023-01-01"), endsOn: d("2023-12-31"), createdBy: BY } }),
        ts: await tx.campaign.create({ data: { chapterId: id("BN.TS"), kind: "ADDRESS_CAMPAIGN", name: "Cuộc vận động địa chỉ nhân đạo thành phố Từ Sơn năm 2023", startsOn: d("2022-11-25"), endsOn: d("2023-11-24"), createdBy: BY } }),
      };
      await tx.campaignTarget.createMany({
        data: [
          { campaignId: campaigns.addr.id, chapterId: id("BP"), value: 500_000_000n, addresses: 60, people: 200 },
          { campaignId: campaigns.addr.id, chapterId: id(DX), value: 120_000_000n, addresses: 12, people: 40 },
          { campaignId: campaigns.addr.id, chapterId: id(`${DX}.TPH`), value: 30_000_000n, addresses: 3 },
          { campaignId: campaigns.addr.id, chapterId: id(`${DX}.TBI`), value: 20_000_000n, addresses: 2 },
          { campaignId: campaigns.addr.id, chapterId: id(`${DX}.TXU`), value: 30_000_000n, addresses: 3 },
          { campaignId: campaigns.month.id, chapterId: id("BP"), value: 100_000_000n },
          { campaignId: campaigns.ts.id, chapterId: id("BN.TS"), value: 1_000_000_000n },
        ],
      });
      const sponsors = [
        await tx.sponsor.create({ data: { chapterId: id(DX), kind: "INDIVIDUAL", name: "Trần Quốc Khánh", isHeadOfAgency: true, phone: "0913456701" } }),
        await tx.sponsor.create({ data: { chapterId: id("BP"), kind: "ORGANISATION", name: "Công ty Cổ phần Cao su Đồng Phú" } }),
        await tx.sponsor.create({ data: { chapterId: id(DX), kind: "INDIVIDUAL", name: "Lê Minh Đức", isHonoraryPresident: true, phone: "0913456702" } }),
        await tx.sponsor.create({ data: { chapterId: id(DX), kind: "INDIVIDUAL", name: "Phan Thị Hoa", isHeadOfAgency: true } }),
        await tx.sponsor.create({ data: { chapterId: id(`${DX}.TBI`), kind: "ORGANISATION", name: "Hội Liên hiệp Phụ nữ phường Tân Bình" } }),
        await tx.sponsor.create({ data: { chapterId: id("BP"), kind: "ORGANISATION", name: "Ngân hàng Nông nghiệp chi nhánh Bình Phước" } }),
        await tx.sponsor.create({ data: { chapterId: id("BN.TS"), kind: "ORGANISATION", name: "Công ty TNHH Đồ gỗ Đồng Kỵ" } }),
        await tx.sponsor.create({ data: { chapterId: id(DX), kind: "INDIVIDUAL", name: "Võ Thanh Sơn", isHeadOfAgency: true } }),
      ];
      await tx.$executeRaw`UPDATE "Sponsor" SET "createdAt" = '2022-12-01'`;
      const addresses: { id: string; chapterId: string }[] = [];
      for (const a of ADDRESSES) {
        const [profiled, approved] = a.steps ?? [];
        const supported = SUPPORTS.filter((s) => ADDRESSES[s[0]] === a).map((s) => s[5]).sort()[0];
        addresses.push(
          await tx.humanitarianAddress.create({
            data: {
              chapterId: id(a.chapter), kind: a.size > 1 ? "HOUSEHOLD" : "PERSON", category: a.category, categories: [a.category, ...(a.also ?? [])], status: a.status, fullName: a.name,
              birthYear: 1940 + (a.name.length * 7) % 60, addressLine: `Tổ ${(a.name.length % 9) + 1}, ${a.chapter}`, householdSize: a.size, needs: a.needs,
              healthNote: a.category === "GRAVE_ILLNESS" || a.category === "DISABILITY" ? a.needs : null, priorityRank: a.rank ?? null,
              surveyedOn: d(a.surveyed), surveyedBy: BY, consentOn: profiled ? d(a.surveyed) : null, consentBy: profiled ? BY : null,
              profiledOn: profiled ? d(profiled) : null, profiledBy: profiled ? BY : null, approvedOn: approved ? d(approved) : null, approvedBy: approved ? BY : null,
              supportedOn: a.status === "SUPPORTED" && supported ? d(supported) : null, supportedBy: a.status === "SUPPORTED" ? BY : null,
              publishedOn: a.published ? d(a.published) : null,
            },
          }),
        );
      }
      const key = (k: string) => campaigns[k as keyof typeof campaigns].id;
      await tx.supportRecord.createMany({
        data: SUPPORTS.map(([a, s, c, kind, value, on], i) => ({
          chapterId: addresses[a]!.chapterId, addressId: addresses[a]!.id, sponsorId: sponsors[s]!.id, campaignId: key(c), kind, value, givenOn: d(on),
          // illustrative receipt numbers (biên nhận), one per gift
          reference: `BN-${on.slice(0, 4)}-${String(i + 1).padStart(3, "0")}`, recordedBy: BY,
        })),
      });
      await tx.pledge.createMany({
        data: [
          { sponsorId: sponsors[0]!.id, addressId: addresses[0]!.id, startsOn: d("2023-01-01"), endsOn: d("2023-12-31"), promisedKind: "MONTHLY", promisedValue: 500_000n, recordedBy: BY },
          { sponsorId: sponsors[2]!.id, addressId: addresses[0]!.id, startsOn: d("2023-06-01"), endsOn: d("2024-05-31"), promisedKind: "MONTHLY", promisedValue: 500_000n, recordedBy: BY },
          { sponsorId: sponsors[1]!.id, addressId: addresses[3]!.id, startsOn: d("2023-03-01"), promisedKind: "LIVELIHOOD_LIVESTOCK", promisedValue: 12_000_000n, recordedBy: BY },
        ],
      });
      await tx.agencyHead.createMany({
        data: HEADS.map(([chapter, reference, fullName, position, organisation, from, until, sponsor]) => ({
          chapterId: id(chapter), reference, fullName, position, organisation, servesFrom: d(from), servesUntil: until ? d(until) : null,
          sponsorId: sponsor === null ? null : sponsors[sponsor]!.id, recordedBy: BY,
        })),
      });
      for (const r of RULES) {
        await tx.humanitarianRule.create({
          data: { chapterId: id(r.chapter), indicatorCode: r.indicatorCode, comparison: r.comparison, threshold: r.threshold, communeStruggling: r.communeStruggling ?? null, depth: r.depth ?? null, fromYear: r.fromYear ?? 2023, toYear: r.toYear === undefined ? 2023 : r.toYear, source: r.source },
        });
      }
      // HA-CALENDAR, seed 004 §V: Bình Phước's campaign year runs 25 November → 24 November, in
      // 2023 only (the plan's year); every other chapter and year reports by calendar year
      await tx.reportingCalendar.create({ data: { chapterId: id("BP"), fromYear: 2023, toYear: 2023, startMonth: 11, startDay: 25, source: CALENDAR_SOURCE } });
      await tx.reportDuty.createMany({ data: REPORT_DUTIES.map(([kind, beforeMonth, beforeDay]) => ({ chapterId: id("BP"), kind, fromYear: 2023, toYear: 2023, depth: 1, beforeMonth, beforeDay, source: DUTY_SOURCE })) });
      // HA-CALENDAR, seed 004 §V.2: the committee's member agencies, Bình Phước 2023, half-year and annual
      await tx.steeringAgency.createMany({
        data: STEERING_AGENCIES.map(([code, name, item]) => ({ chapterId: id("BP"), code, name, fromYear: 2023, toYear: 2023, source: `KH Cuộc vận động Nhân đạo tỉnh Bình Phước 2023, mục ${item}, V.2` })),
      });
      await tx.agencyReportDuty.createMany({ data: AGENCY_DUTIES.map(([kind, beforeMonth, beforeDay]) => ({ chapterId: id("BP"), kind, fromYear: 2023, toYear: 2023, beforeMonth, beforeDay, source: AGENCY_DUTY_SOURCE })) });
      // Kiên Giang's 2024 figures its emulation plan reads (RESOURCES, HUMANITARIAN_MONTH)
      await seedKienGiang2024(tx, id);
      // Bình Phước's 2023 resource-mobilisation target: Tháng Nhân đạo must reach 20% of it
      await tx.resourcePlan.create({ data: { chapterId: id("BP"), year: 2023, target: 500_000_000n, setBy: BY } });
      await tx.communeCondition.createMany({
        data: [
          { chapterId: id(`${DX}.TPH`), year: 2023, struggling: false },
          { chapterId: id(`${DX}.TBI`), year: 2023, struggling: true },
          { chapterId: id(`${DX}.TXU`), year: 2023, struggling: false },
        ],
      });
    },
    { timeout: 120_000 },
  );
  // the figures' rollups, from the rows just written (writes from now on keep them)
  await rebuildHumanitarianRollups(prisma, { onlyIfStale: true });
  return { created: true };
}
