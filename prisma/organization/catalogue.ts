// Reference data of the organization subgraph that is data, not code (ORG-TARGETS, ORG-FUND,
// ORG-DUES): the indicator catalogue (every subgraph's indicators, so targets can be assigned for
// them before that subgraph exists), the year-end fund targets and the dues threshold, each rule
// scoped to the chapters its seed names. Idempotent: safe to run again.
import type { PrismaClient } from "../../subgraphs/organization/src/generated/prisma/client.ts";
import type { IndicatorUnit } from "../../subgraphs/organization/src/generated/prisma/enums.ts";

export const INDICATORS: { code: string; name: string; unit: IndicatorUnit; ownerSubgraph: string; description: string }[] = [
  { code: "org.members", name: "Số hội viên", unit: "COUNT", ownerSubgraph: "organization", description: "Members on the year's reference date (ORG-PEOPLE)" },
  { code: "org.member-growth", name: "Phát triển hội viên mới", unit: "COUNT", ownerSubgraph: "organization", description: "Members on the reference date who joined during the year; arrivals by a merger are not new (ORG-REFORM)" },
  { code: "org.dues-rate", name: "Tỷ lệ thu hội phí", unit: "PERCENT", ownerSubgraph: "organization", description: "Dues paid ÷ (owing − exempt), in % (ORG-DUES)" },
  { code: "org.fund-balance", name: "Số dư quỹ Hội cuối năm", unit: "VND", ownerSubgraph: "organization", description: "The chapter's own fund balance (ORG-FUND)" },
  { code: "org.coverage-rate", name: "Tỷ lệ cơ quan, trường học, bệnh viện có tổ chức Hội", unit: "PERCENT", ownerSubgraph: "organization", description: "ORG-COVERAGE, target 80%" },
  { code: "org.staff", name: "Cán bộ chuyên trách", unit: "COUNT", ownerSubgraph: "organization", description: "Full-time staff on the reference date, from people (ORG-PEOPLE; a city chapter: 2–3)" },
  { code: "hum.activity-value", name: "Tổng giá trị hoạt động nhân đạo", unit: "VND", ownerSubgraph: "humanitarian", description: "Superseded by humanitarian.value, which the humanitarian subgraph reports (targets on ORG-VALUE are set there); kept so older clients still resolve the code" },
  { code: "blood.units", name: "Số đơn vị máu tiếp nhận", unit: "BLOOD_UNITS", ownerSubgraph: "blood", description: "Units of blood collected in the year (BL-TARGETS)" },
  { code: "blood.repeat-rate", name: "Tỷ lệ người hiến máu nhắc lại", unit: "PERCENT", ownerSubgraph: "blood", description: "Share of donations by repeat donors, in % (BL-TARGETS)" },
  { code: "blood.population-share", name: "Tỷ lệ dân số tham gia hiến máu", unit: "PERCENT", ownerSubgraph: "blood", description: "Distinct donors ÷ population, in % (BL-TARGETS)" },
  { code: "blood.organ-registrations", name: "Số đăng ký hiến mô, tạng", unit: "COUNT", ownerSubgraph: "blood", description: "New organ and tissue donation registrations (BL-ORGAN)" },
  { code: "humanitarian.value", name: "Tổng giá trị hoạt động nhân đạo", unit: "VND", ownerSubgraph: "humanitarian", description: "Value of all help given in the reporting year, every form, from sponsors and chapter funds, to listed addresses and others, VND (ORG-VALUE, HA-CAMPAIGNS)" },
  { code: "humanitarian.new-addresses", name: "Số địa chỉ nhân đạo mới", unit: "COUNT", ownerSubgraph: "humanitarian", description: "Addresses surveyed in the reporting year (HA-TARGETS)" },
  { code: "humanitarian.profiled-rate", name: "Tỷ lệ địa chỉ đã khảo sát được lập hồ sơ", unit: "PERCENT", ownerSubgraph: "humanitarian", description: "Profiled ÷ surveyed by the year's end, in % (HA-TARGETS)" },
  { code: "humanitarian.supported-rate", name: "Tỷ lệ địa chỉ đã lập hồ sơ được trợ giúp", unit: "PERCENT", ownerSubgraph: "humanitarian", description: "Supported ÷ profiled by the year's end, in % (HA-TARGETS, Bình Phước > 70%)" },
  { code: "humanitarian.supported-of-surveyed-rate", name: "Tỷ lệ địa chỉ đã khảo sát được kết nối hỗ trợ", unit: "PERCENT", ownerSubgraph: "humanitarian", description: "Supported ÷ surveyed by the year's end, in % (HA-TARGETS, Từ Sơn > 80%)" },
  { code: "humanitarian.published", name: "Số địa chỉ giới thiệu lên hệ thống iNHANDAO", unit: "COUNT", ownerSubgraph: "humanitarian", description: "Addresses published for online giving by the year's end (HA-TARGETS)" },
  { code: "humanitarian.heads-pledged-rate", name: "Tỷ lệ người đứng đầu đăng ký nhận địa chỉ nhân đạo", unit: "PERCENT", ownerSubgraph: "humanitarian", description: "Heads of agencies and honorary presidents with a pledge in the year, in % (HA-PLEDGE)" },
];

/** ORG-FUND year-end fund targets (docs/domain.md §1), each scoped to the chapters and years its seed
 * names — there is no national fund target: Kiên Giang's 2024 plan (seed 002) base chapters ≥ 10 M
 * VND and district chapters ≥ 50 M VND, for 2024; Từ Sơn (seed 001, targets 2023–2033) base
 * chapters ≥ 20 M VND, the city ≥ 100 M VND. By code. */
const SEED_001 = "seed 001: KH Thành ủy Từ Sơn thực hiện KL 44-KL/TW, II.6 (2023–2033)";
const SEED_002_FUND = "seed 002: KH thi đua 2024 Hội CTĐ tỉnh Kiên Giang, mục 5 (quỹ Hội)";
export const FUND_TARGETS: { chapterCode?: string; level?: "COMMUNE" | "DISTRICT"; withinCode?: string; amount: bigint; note: string; fromYear: number; toYear: number; source: string }[] = [
  { level: "COMMUNE", withinCode: "KG", amount: 10_000_000n, note: "Hội cơ sở tỉnh Kiên Giang ≥ 10 triệu đồng", fromYear: 2024, toYear: 2024, source: SEED_002_FUND },
  { level: "COMMUNE", withinCode: "BN.TS", amount: 20_000_000n, note: "Hội cơ sở thành phố Từ Sơn ≥ 20 triệu đồng", fromYear: 2023, toYear: 2033, source: SEED_001 },
  { level: "DISTRICT", withinCode: "KG", amount: 50_000_000n, note: "Hội cấp huyện tỉnh Kiên Giang ≥ 50 triệu đồng", fromYear: 2024, toYear: 2024, source: SEED_002_FUND },
  { chapterCode: "BN.TS", amount: 100_000_000n, note: "Hội Chữ thập đỏ thành phố Từ Sơn ≥ 100 triệu đồng", fromYear: 2023, toYear: 2033, source: SEED_001 },
];

export async function seedIndicatorCatalogue(prisma: PrismaClient): Promise<void> {
  for (const indicator of INDICATORS) {
    await prisma.indicator.upsert({ where: { code: indicator.code }, create: indicator, update: indicator });
  }
}

export async function seedFundTargets(prisma: PrismaClient): Promise<void> {
  if ((await prisma.fundTarget.count()) > 0) return;
  const codes = FUND_TARGETS.flatMap((t) => [t.chapterCode, t.withinCode]).filter((c): c is string => !!c);
  const ids = new Map((await prisma.chapter.findMany({ where: { code: { in: codes } } })).map((c) => [c.code, c.id]));
  await prisma.fundTarget.createMany({
    data: FUND_TARGETS.filter((t) => [t.chapterCode, t.withinCode].every((c) => !c || ids.has(c))).map((t) => ({
      chapterId: t.chapterCode ? ids.get(t.chapterCode)! : null,
      withinId: t.withinCode ? ids.get(t.withinCode)! : null,
      level: t.level ?? null,
      amount: t.amount,
      note: t.note,
      fromYear: t.fromYear,
      toYear: t.toYear,
      source: t.source,
    })),
  });
}

/** ORG-DUES, EM-DEMOTE: "dues collected below 90%" (seed 002, Kiên Giang's 2024 emulation plan),
 * a row for Kiên Giang and everything below it — the fact emulation reads. By chapter code. */
export const DUES_THRESHOLDS: { withinCode: string; share: number; note: string; fromYear: number; toYear: number; source: string }[] = [
  { withinCode: "KG", share: 0.9, note: "Thu hội phí dưới 90%: hạ một bậc thi đua (Kế hoạch thi đua 2024, Hội CTĐ tỉnh Kiên Giang)", fromYear: 2024, toYear: 2024, source: "seed 002: KH thi đua 2024 Hội CTĐ tỉnh Kiên Giang, mục hạ bậc thi đua" },
];

export async function seedDuesThresholds(prisma: PrismaClient): Promise<void> {
  if ((await prisma.duesThreshold.count()) > 0) return;
  const ids = new Map((await prisma.chapter.findMany({ where: { code: { in: DUES_THRESHOLDS.map((t) => t.withinCode) } } })).map((c) => [c.code, c.id]));
  await prisma.duesThreshold.createMany({
    data: DUES_THRESHOLDS.filter((t) => ids.has(t.withinCode)).map((t) => ({ withinId: ids.get(t.withinCode)!, share: t.share, note: t.note, fromYear: t.fromYear, toYear: t.toYear, source: t.source })),
  });
}
