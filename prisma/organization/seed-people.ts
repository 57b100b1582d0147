// Demo people and money (ORG-PEOPLE, ORG-DUES, ORG-FUND, ORG-COVERAGE, ORG-TARGETS) for the
// communes of Tiên Du (BN.TD) and the wards of Từ Sơn (BN.TS), 2023–2026, with fake Vietnamese
// names: a few hundred people, so test stacks start fast. Deterministic (seeded PRNG).
//
// Two stages around the reform of 2025-07-01, so the merges of the Từ Sơn wards move members,
// funds and organisations through the product's own merge code (tree/holdings.ts):
//   "before-reform": people, memberships, dues 2023–mid 2025, funds, organisations, clubs, targets 2024;
//   "after-reform":  new members, dues for late 2025 and 2026, funds, targets 2026, on today's tree.
import { addDays, isoDate } from "@chapters/core";
import type { PrismaClient } from "../../subgraphs/organization/src/generated/prisma/client.ts";
import type { ClubKind, MembershipKind, OrganisationKind } from "../../subgraphs/organization/src/generated/prisma/enums.ts";
import { seedDuesThresholds, seedFundTargets, seedIndicatorCatalogue } from "./catalogue.ts";
import { mulberry32 } from "./synthetic.ts";

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"];
const MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công"];
const MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Bích", "Kim"];
const GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Tuấn", "Việt"];
const GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Yến"];

const TS_WARDS = ["DNG", "DBG", "THG", "THA", "CKE", "DKY", "DNU", "TGI", "PKE", "HMA", "TSO", "PCH"].map((s) => `BN.TS.${s}`);
const TD_COMMUNES = ["LIM", "PTI", "NDU", "HSO"].map((s) => `BN.TD.${s}`);
export const DEMO_PEOPLE_CHAPTERS = [...TS_WARDS, ...TD_COMMUNES];
const NEW_WARDS = ["BN.PTS", "BN.PTAMSON", "BN.PDN", "BN.PPK"];
const RECORDED_BY = "seed";

type Random = () => number;
const between = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, list: readonly T[]) => list[Math.floor(r() * list.length)]!;
const dayIn = (r: Random, from: string, to: string) => {
  const a = isoDate(from).getTime();
  const b = isoDate(to).getTime();
  return new Date(a + Math.floor(r() * ((b - a) / 86_400_000 + 1)) * 86_400_000);
};
const inForceOn = (m: { joinedOn: Date; leftOn: Date | null }, d: Date) => m.joinedOn <= d && (m.leftOn === null || m.leftOn > d);

async function chapterIds(prisma: PrismaClient, codes: string[]): Promise<Map<string, string>> {
  const rows = await prisma.chapter.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  return new Map(rows.map((r) => [r.code, r.id]));
}

let nationalSerial = 0;
function person(r: Random) {
  const female = r() < 0.5;
  const fullName = `${pick(r, FAMILY)} ${pick(r, female ? MIDDLE_F : MIDDLE_M)} ${pick(r, female ? GIVEN_F : GIVEN_M)}`;
  nationalSerial += 1;
  return {
    id: crypto.randomUUID(),
    fullName,
    searchName: fullName.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase(),
    birthDate: dayIn(r, "1958-01-01", "2009-12-31"),
    phone: `09${String(between(r, 10_000_000, 99_999_999))}`,
    nationalId: `027${String(nationalSerial).padStart(9, "0")}`,
  };
}

/** Pays the amount in force (the chapter's dues policy for the year), so the demo never holds
 * an overpayment the product would refuse (ORG-DUES). */
async function payDues(prisma: PrismaClient, r: Random, memberships: { id: string; chapterId: string; kind: MembershipKind; joinedOn: Date; leftOn: Date | null }[], years: number[], window: (year: number) => [string, string], paidShare: number) {
  const policies = new Map((await prisma.duesPolicy.findMany({ where: { year: { in: years } } })).map((p) => [`${p.chapterId}|${p.year}`, p.amount]));
  const payments = [];
  const exemptions = [];
  for (const m of memberships.filter((x) => x.kind === "MEMBER")) {
    for (const year of years) {
      const [from, to] = window(year);
      if (!inForceOn(m, isoDate(to))) continue;
      const roll = r();
      const amount = policies.get(`${m.chapterId}|${year}`);
      if (roll < paidShare && amount) payments.push({ membershipId: m.id, year, amount, paidOn: dayIn(r, from, to), recordedBy: RECORDED_BY });
      else if (roll < paidShare + 0.05) exemptions.push({ membershipId: m.id, year, reason: "Hoàn cảnh khó khăn", recordedBy: RECORDED_BY });
    }
  }
  await prisma.duesPayment.createMany({ data: payments });
  await prisma.duesExemption.createMany({ data: exemptions });
}

async function ledger(prisma: PrismaClient, r: Random, chapterId: string, from: string, to: string, lines: number, opening?: number) {
  const data = [];
  if (opening) data.push({ chapterId, entryDate: isoDate(from), kind: "INCOME" as const, amount: BigInt(opening), source: "Số dư chuyển sang", recordedBy: RECORDED_BY });
  for (let i = 0; i < lines; i++) {
    const income = r() < 0.6;
    data.push({
      chapterId,
      entryDate: dayIn(r, from, to),
      kind: income ? ("INCOME" as const) : ("SPENDING" as const),
      amount: BigInt(between(r, 2, income ? 40 : 25) * 100_000),
      source: income ? pick(r, ["Hội phí", "Ủng hộ của doanh nghiệp", "Vận động nhân dân", "Ngân sách hỗ trợ"]) : pick(r, ["Thăm hỏi hộ khó khăn", "Tập huấn sơ cấp cứu", "Quà Tết Nhân ái"]),
      recordedBy: RECORDED_BY,
    });
  }
  await prisma.fundEntry.createMany({ data });
}

/** [chapterId, indicator code, value, upper bound of a range] */
type Assigned = [string, string, number] | [string, string, number, number];

async function assign(prisma: PrismaClient, parentId: string, year: number, values: Assigned[], source: string) {
  await prisma.target.createMany({
    data: values.map(([chapterId, indicatorCode, value, maxValue]) => ({ chapterId, indicatorCode, year, value, maxValue: maxValue ?? null, assignedById: parentId, assignedBy: RECORDED_BY, source })),
    skipDuplicates: true,
  });
}

/** BL-TARGETS, BL-ORGAN, ORG-COVERAGE, ORG-VALUE and staffing, each on the chapter and for the years
 * its document names, with its source: Kiên Giang's 2024 blood plan (seed 002: 23,100 units, 90%
 * repeat, ≥ 1.3% of the population; 10–20 organ registrations for each district); Từ Sơn city's
 * 800–1,400 units a year and 2.5% of the population by 2033 (seed 001: a target for 2033 — progress
 * may be shown each year against it), its 80% coverage goal (2023–2033, while it existed), its
 * ≥ 1 billion VND of humanitarian activity a year (on humanitarian.value, which the humanitarian
 * subgraph reports) and its 2–3 full-time staff at the city chapter itself. The other provinces'
 * blood plans are invented for the demo: their rows say "illustrative" — no seed states them. */
const SEED_001 = "seed 001: KH Thành ủy Từ Sơn thực hiện KL 44-KL/TW (2023–2033)";
const SEED_002 = "seed 002: KH thi đua 2024 Hội CTĐ tỉnh Kiên Giang, mục 4 (hiến máu, hiến mô tạng)";
const ILLUSTRATIVE = "illustrative: invented for the demo, no seed states it";

async function seededPlans(prisma: PrismaClient): Promise<void> {
  const ids = await chapterIds(prisma, ["TW", "BN", "HP", "AG", "KG", "TN", "BN.TS", "KG.RG", "KG.CT"]);
  const id = (code: string) => ids.get(code)!;
  // BL-TARGETS: only Kiên Giang's plan is a seed's; the others are demo values
  await assign(prisma, id("TW"), 2024, [
    [id("KG"), "blood.units", 23_100],
    [id("KG"), "blood.repeat-rate", 90],
    [id("KG"), "blood.population-share", 1.3],
  ], SEED_002);
  const illustrative: [string, number, number][] = [["BN", 9_000, 85], ["HP", 12_000, 85], ["AG", 11_000, 90], ["TN", 8_000, 85]];
  for (const [code, units, repeat] of illustrative) {
    for (const year of [2024, 2025, 2026]) {
      await assign(prisma, id("TW"), year, [
        [id(code), "blood.units", units],
        [id(code), "blood.repeat-rate", repeat],
      ], ILLUSTRATIVE);
    }
  }
  // BL-ORGAN: 10–20 registrations for each district of Kiên Giang in 2024, not on the province
  await assign(prisma, id("KG"), 2024, [
    [id("KG.RG"), "blood.organ-registrations", 10, 20],
    [id("KG.CT"), "blood.organ-registrations", 10, 20],
  ], SEED_002);
  for (const year of [2024, 2025]) {
    await assign(prisma, id("BN"), year, [[id("BN.TS"), "blood.units", 800, 1_400]], `${SEED_001}, II.4 (mỗi năm 800–1.400 đơn vị máu)`);
  }
  await assign(prisma, id("BN"), 2033, [[id("BN.TS"), "blood.population-share", 2.5]], `${SEED_001}, II.4 (đến năm 2033 đạt 2,5%)`);
  for (const year of [2023, 2024, 2025]) {
    await assign(prisma, id("BN"), year, [[id("BN.TS"), "org.coverage-rate", 80]], `${SEED_001}, II.1 (80% đơn vị có tổ chức Hội)`);
    // ORG-VALUE: ≥ 1 billion VND of humanitarian activity a year across all levels, on the indicator humanitarian reports
    await assign(prisma, id("BN"), year, [[id("BN.TS"), "humanitarian.value", 1_000_000_000]], `${SEED_001}, II.7 (hằng năm từ 1 tỷ đồng)`);
    // ORG-PEOPLE: 2–3 full-time staff at the city chapter itself (org.staff counts its own staff)
    await assign(prisma, id("BN"), year, [[id("BN.TS"), "org.staff", 2, 3]], `${SEED_001}, II.1 (cấp thành phố 2–3 cán bộ chuyên trách)`);
  }
}

async function beforeReform(prisma: PrismaClient): Promise<void> {
  const r = mulberry32(2025);
  const ids = await chapterIds(prisma, [...DEMO_PEOPLE_CHAPTERS, "BN", "BN.TS", "BN.TD"]);
  const people = [];
  const memberships: { id: string; personId: string; chapterId: string; kind: MembershipKind; joinedOn: Date; leftOn: Date | null; lineageId: string; endReason: "LEFT" | null }[] = [];
  for (const code of DEMO_PEOPLE_CHAPTERS) {
    const chapterId = ids.get(code)!;
    const headcount = between(r, 12, 22);
    for (let i = 0; i < headcount; i++) {
      const p = person(r);
      people.push(p);
      const kind: MembershipKind = i === 0 ? "STAFF" : r() < 0.12 ? "YOUTH" : r() < 0.2 ? "VOLUNTEER" : "MEMBER";
      const joinedOn = dayIn(r, "2016-01-01", "2025-06-15");
      const leftOn = r() < 0.12 ? dayIn(r, "2023-01-01", "2025-06-30") : null;
      const id = crypto.randomUUID();
      memberships.push({ id, personId: p.id, chapterId, kind, joinedOn, leftOn: leftOn && leftOn > joinedOn ? leftOn : null, lineageId: id, endReason: null });
    }
  }
  for (const m of memberships) if (m.leftOn) m.endReason = "LEFT";
  await prisma.person.createMany({ data: people });
  await prisma.membership.createMany({ data: memberships });

  await prisma.duesPolicy.createMany({
    data: DEMO_PEOPLE_CHAPTERS.flatMap((code) => [2023, 2024, 2025].map((year) => ({ chapterId: ids.get(code)!, year, amount: code.startsWith("BN.TS") ? 24_000n : 12_000n }))),
  });
  // 2023 and 2024 in full; 2025 up to the reform (the rest is paid after it, at the new wards)
  await payDues(prisma, r, memberships, [2023, 2024], (y) => [`${y}-02-01`, `${y}-12-31`], 0.78);
  await payDues(prisma, r, memberships.filter((m) => inForceOn(m, isoDate("2025-06-30"))), [2025], () => ["2025-02-01", "2025-06-30"], 0.45);

  for (const code of DEMO_PEOPLE_CHAPTERS) await ledger(prisma, r, ids.get(code)!, "2023-01-02", "2025-06-30", between(r, 8, 14), between(r, 50, 250) * 100_000);
  await ledger(prisma, r, ids.get("BN.TS")!, "2023-01-02", "2025-06-30", 10, 80_000_000);

  const orgs = [];
  for (const code of DEMO_PEOPLE_CHAPTERS) {
    const n = between(r, 3, 6);
    for (let i = 0; i < n; i++) {
      const kind: OrganisationKind = i === n - 1 ? "ENTERPRISE" : pick(r, ["AGENCY", "SCHOOL", "SCHOOL", "HOSPITAL"] as const);
      const has = r() < 0.75;
      orgs.push({
        chapterId: ids.get(code)!,
        kind,
        name: `${{ AGENCY: "UBND", SCHOOL: "Trường", HOSPITAL: "Trạm y tế", ENTERPRISE: "Công ty TNHH" }[kind]} ${pick(r, GIVEN_M)} ${i + 1}`,
        hasRedCross: has,
        redCrossSince: has ? dayIn(r, "2010-01-01", "2024-12-31") : null,
        listedOn: isoDate("2000-01-01"),
      });
    }
  }
  await prisma.organisation.createMany({ data: orgs });

  const clubs: [string, ClubKind, string, "COMMUNE" | "DISTRICT"][] = [
    ["BN.TS.DNG", "BLOOD_DONOR_CLUB", "Câu lạc bộ hiến máu tình nguyện phường Đông Ngàn", "COMMUNE"],
    ["BN.TD.LIM", "FIRST_AID_TEAM", "Đội sơ cấp cứu thị trấn Lim", "COMMUNE"],
    ["BN.TD.LIM", "DISASTER_RESPONSE_TEAM", "Đội ứng phó thảm họa huyện Tiên Du", "DISTRICT"],
  ];
  for (const [code, kind, name, servesLevel] of clubs) {
    const club = await prisma.club.create({ data: { chapterId: ids.get(code)!, kind, name, servesLevel, foundedOn: isoDate("2020-03-26") } });
    const mine = memberships.filter((m) => m.chapterId === ids.get(code)).slice(0, 5);
    await prisma.clubMember.createMany({ data: mine.map((m) => ({ clubId: club.id, personId: m.personId, joinedOn: addDays(m.joinedOn, 30) })) });
  }

  // ORG-TARGETS 2024: the province assigns to its districts, Từ Sơn to its wards
  await assign(prisma, ids.get("BN")!, 2024, [
    [ids.get("BN.TS")!, "org.members", 180],
    [ids.get("BN.TD")!, "org.members", 60],
    [ids.get("BN.TS")!, "org.dues-rate", 90],
  ], ILLUSTRATIVE);
  await assign(prisma, ids.get("BN.TS")!, 2024, TS_WARDS.flatMap((code) => [
    [ids.get(code)!, "org.members", 15] as [string, string, number],
    [ids.get(code)!, "org.dues-rate", 90] as [string, string, number],
  ]), ILLUSTRATIVE);
  // ORG-FUND: Từ Sơn's base chapters ≥ 20 M VND a year (seed 001, II.6)
  await assign(prisma, ids.get("BN.TS")!, 2024, TS_WARDS.map((code): Assigned => [ids.get(code)!, "org.fund-balance", 20_000_000]), `${SEED_001}, II.6 (quỹ cấp cơ sở từ 20 triệu đồng)`);
}

async function afterReform(prisma: PrismaClient): Promise<void> {
  const r = mulberry32(2026);
  const communes = [...NEW_WARDS, ...TD_COMMUNES];
  const ids = await chapterIds(prisma, [...communes, "BN"]);
  const open = await prisma.membership.findMany({ where: { chapterId: { in: communes.map((c) => ids.get(c)!) }, leftOn: null } });
  // a few newcomers per commune since the reform
  const people = [];
  const memberships = [];
  for (const code of communes) {
    for (let i = 0; i < between(r, 2, 6); i++) {
      const p = person(r);
      people.push(p);
      const id = crypto.randomUUID();
      memberships.push({ id, personId: p.id, chapterId: ids.get(code)!, kind: "MEMBER" as const, joinedOn: dayIn(r, "2025-07-15", "2026-10-31"), lineageId: id });
    }
  }
  await prisma.person.createMany({ data: people });
  await prisma.membership.createMany({ data: memberships });
  await prisma.duesPolicy.createMany({
    data: communes.flatMap((code) => [2025, 2026].map((year) => ({ chapterId: ids.get(code)!, year, amount: 24_000n }))),
    skipDuplicates: true,
  });
  const paid2025 = new Set(
    (await prisma.duesPayment.findMany({ where: { year: 2025 }, select: { membership: { select: { lineageId: true } } } })).map((p) => p.membership.lineageId),
  );
  const all = [...open.map((m) => ({ ...m, leftOn: m.leftOn })), ...memberships.map((m) => ({ ...m, leftOn: null }))];
  await payDues(prisma, r, all.filter((m) => !paid2025.has(m.lineageId)), [2025], () => ["2025-07-01", "2025-12-31"], 0.5);
  await payDues(prisma, r, all, [2026], () => ["2026-02-01", "2026-11-20"], 0.6);
  for (const code of communes) await ledger(prisma, r, ids.get(code)!, "2025-07-01", "2026-11-20", between(r, 6, 10));

  await assign(prisma, ids.get("BN")!, 2026, communes.flatMap((code): Assigned[] => [
    [ids.get(code)!, "org.members", 40],
    [ids.get(code)!, "blood.units", 120],
  ]), ILLUSTRATIVE);
}

/** Loads the demo people and money for one stage of the demo history. */
export async function seedOrganizationPeopleAndMoney(prisma: PrismaClient, stage: "before-reform" | "after-reform"): Promise<void> {
  if (stage === "before-reform") {
    await seedIndicatorCatalogue(prisma);
    await seedFundTargets(prisma);
    await seedDuesThresholds(prisma);
    await beforeReform(prisma);
    await seededPlans(prisma);
  } else {
    await afterReform(prisma);
  }
}
