// Demo data for the blood subgraph (docs/domain.md §3): the rules as rows (donation intervals,
// deferral reasons, honour rule sets), then donors with made-up Vietnamese names (no real
// people), the named drives of 2024–2026, donations that respect the intervals, populations
// (targets are organization's), and a few organ registrations. Chapter ids come from the tree replica (TreeChapter),
// so the stack seeds this after the replica has caught up with the organization subgraph.
//
// Donations before 1 July 2025 are credited to the chapters of the old tree (e.g. the ward
// Đông Ngàn under Từ Sơn), later ones to the chapters of the new tree (phường Từ Sơn under
// Bắc Ninh): the figures of each year stay with the tree of that year (ORG-REFORM).
import { addDays, isoDate, todayInVietnam } from "@chapters/core";
import type { PrismaClient } from "../../subgraphs/blood/src/generated/prisma/client.ts";
import { rebuildBloodRollups } from "../../subgraphs/blood/src/indicators/rollups.ts";
import type { AboGroup, DriveKind, RhFactor } from "../../subgraphs/blood/src/generated/prisma/enums.ts";

const REFORM = isoDate("2025-07-01");
const ML_PER_UNIT = 250;

export const DONATION_TYPES = [
  { code: "WHOLE_BLOOD", label: "Máu toàn phần", intervalDays: 84 },
  { code: "APHERESIS_RED_CELLS", label: "Hồng cầu gạn tách", intervalDays: 84 },
  { code: "APHERESIS_PLASMA", label: "Huyết tương gạn tách", intervalDays: 14 },
  { code: "APHERESIS_PLATELETS", label: "Tiểu cầu gạn tách", intervalDays: 14 },
].map((t) => ({ ...t, basis: "Thông tư 26/2013/TT-BYT, Điều 6" }));

const DEFERRAL_REASONS = [
  { code: "TATTOO", label: "Xăm hình, xỏ khuyên (tạm hoãn 6 tháng)", defaultDays: 183 },
  { code: "LOW_HAEMOGLOBIN", label: "Huyết sắc tố thấp", defaultDays: 84 },
  { code: "ILLNESS", label: "Mới ốm, sốt, dùng kháng sinh", defaultDays: 28 },
  { code: "BLOOD_PRESSURE", label: "Huyết áp không đạt", defaultDays: 7 },
  { code: "SURGERY", label: "Mới phẫu thuật", defaultDays: 365 },
  { code: "OTHER_OPEN", label: "Lý do khác, đến khi bác sĩ cho phép", defaultDays: null },
];

/** Tiers are illustrative of each decision's structure; edit the rows to the decision's text. */
const HONOUR_RULE_SETS = [
  {
    code: "NATIONAL_122_2017",
    name: "Khen thưởng người hiến máu tiêu biểu (toàn quốc)",
    basis: "Quyết định 122/QĐ-BCĐQG năm 2017 của Ban Chỉ đạo quốc gia vận động hiến máu tình nguyện",
    tiers: [
      [5, "Giấy khen", "Ban Chỉ đạo vận động hiến máu tình nguyện cấp huyện"],
      [10, "Bằng khen", "Chủ tịch Ủy ban nhân dân cấp tỉnh"],
      [15, "Bằng khen", "Trung ương Hội Chữ thập đỏ Việt Nam"],
      [20, "Bằng khen", "Bộ trưởng Bộ Y tế"],
      [30, "Bằng khen", "Thủ tướng Chính phủ"],
    ] as const,
    // the decision also honours families and collectives by their members' donations together
    // (illustrative thresholds: edit the rows to the decision's text)
    groupTiers: [
      ["FAMILY", 20, "Giấy khen gia đình hiến máu tiêu biểu", "Ban Chỉ đạo vận động hiến máu tình nguyện cấp tỉnh"],
      ["FAMILY", 50, "Bằng khen gia đình hiến máu tiêu biểu", "Trung ương Hội Chữ thập đỏ Việt Nam"],
      ["COLLECTIVE", 100, "Giấy khen tập thể tiêu biểu trong vận động hiến máu", "Ban Chỉ đạo vận động hiến máu tình nguyện cấp tỉnh"],
      ["COLLECTIVE", 300, "Bằng khen tập thể tiêu biểu trong vận động hiến máu", "Bộ trưởng Bộ Y tế"],
    ] as const,
  },
  {
    code: "PROVINCE_BN",
    name: "Tôn vinh người hiến máu tình nguyện tỉnh Bắc Ninh",
    basis: "Quy định tôn vinh của Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh (dữ liệu mẫu)",
    tiers: [5, 10, 15, 20, 30, 40, 50, 70, 100].map((n) => [n, `Tôn vinh ${n} lần hiến máu`, "Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh Bắc Ninh"] as const),
    groupTiers: [],
  },
];

/** Where donors live: the chapter before the reform and the one after it. */
const SITES: { before: string; after: string; province: string }[] = [
  { before: "BN.TS.DNG", after: "BN.PTS", province: "BN" },
  { before: "BN.TS.THG", after: "BN.PTS", province: "BN" },
  { before: "BN.TS.PKE", after: "BN.PPK", province: "BN" },
  { before: "BN.TS.CKE", after: "BN.PDN", province: "BN" },
  { before: "BN.TS.TSO", after: "BN.PTAMSON", province: "BN" },
  { before: "BN.TD.LIM", after: "BN.TD.LIM", province: "BN" },
  { before: "BG.TP.TPH", after: "BG.TP.TPH", province: "BN" },
  { before: "HP.HB.HVT", after: "HP.HB.HVT", province: "HP" },
  { before: "HP.LC.ABI", after: "HP.LC.ABI", province: "HP" },
  { before: "KG.RG.VTV", after: "KG.RG.VTV", province: "AG" },
  { before: "AG.LX.MBI", after: "AG.LX.MBI", province: "AG" },
  { before: "TN.TP.PDP", after: "TN.TP.PDP", province: "TN" },
];

const DRIVE_DAYS: { kind: DriveKind; monthDay: string; name: string }[] = [
  { kind: "XUAN_HONG", monthDay: "02-20", name: "Lễ hội Xuân Hồng" },
  { kind: "NATIONAL_DAY", monthDay: "04-07", name: "Ngày toàn dân hiến máu tình nguyện 7/4" },
  { kind: "WORLD_DONOR_DAY", monthDay: "06-14", name: "Ngày Quốc tế người hiến máu 14/6" },
  { kind: "GIOT_MAU_HONG", monthDay: "07-19", name: "Những giọt máu hồng" },
  { kind: "HANH_TRINH_DO", monthDay: "09-12", name: "Hành trình đỏ" },
  { kind: "CHU_NHAT_DO", monthDay: "11-15", name: "Chủ nhật đỏ" },
];

const BLOOD_CENTRES: Record<string, string> = {
  BN: "Trung tâm Huyết học - Truyền máu, Bệnh viện Đa khoa tỉnh Bắc Ninh",
  HP: "Trung tâm Huyết học - Truyền máu Hải Phòng",
  AG: "Bệnh viện Chợ Rẫy - Trung tâm Truyền máu Chợ Rẫy",
  TN: "Bệnh viện Trung ương Thái Nguyên",
};

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"];
const MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Ngọc", "Quang", "Hữu", "Thanh", "Bảo"];
const GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương", "Quân", "Sơn", "Trang", "Tuấn", "Yến", "Khánh", "Thảo"];
const GROUPS: [AboGroup, RhFactor, number][] = [
  ["O", "POSITIVE", 42],
  ["A", "POSITIVE", 22],
  ["B", "POSITIVE", 29],
  ["AB", "POSITIVE", 6],
  ["O", "NEGATIVE", 1],
];

/** A small deterministic generator, so every demo database holds the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!, digits: (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join("") };
}

const uuidOf = (r: ReturnType<typeof random>) => {
  const hex = Array.from({ length: 32 }, () => Math.floor(r.next() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(r.next() * 4)]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Chapter ids by code, from the tree replica. */
async function replicaChapterIds(prisma: PrismaClient): Promise<Map<string, string>> {
  const rows = await prisma.treeChapter.findMany({ select: { id: true, code: true } });
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** The rules as rows: written on every start (an edit of the defaults here reaches old databases). */
export async function seedBloodRules(prisma: PrismaClient): Promise<void> {
  for (const type of DONATION_TYPES) await prisma.donationType.upsert({ where: { code: type.code }, create: type, update: {} });
  for (const reason of DEFERRAL_REASONS) await prisma.deferralReason.upsert({ where: { code: reason.code }, create: reason, update: {} });
  for (const set of HONOUR_RULE_SETS) {
    await prisma.honourRuleSet.upsert({ where: { code: set.code }, create: { code: set.code, name: set.name, basis: set.basis }, update: {} });
    await prisma.honourTier.createMany({
      data: [
        ...set.tiers.map(([donations, label, awardingBody]) => ({ ruleSetCode: set.code, subject: "INDIVIDUAL" as const, donations, label, awardingBody })),
        ...set.groupTiers.map(([subject, donations, label, awardingBody]) => ({ ruleSetCode: set.code, subject, donations, label, awardingBody })),
      ],
      skipDuplicates: true,
    });
  }
}

interface DonorPlan {
  id: string;
  site: (typeof SITES)[number];
  type: string;
  nextOk: Date;
  count: number;
}

/** Loads the demo data once; does nothing when donors already exist. */
export async function seedBloodDemo(prisma: PrismaClient, organizationChapterIdsByCode?: Map<string, string>): Promise<{ created: boolean }> {
  await seedBloodRules(prisma);
  if ((await prisma.donor.count()) > 0) return { created: false };
  const ids = organizationChapterIdsByCode ?? (await replicaChapterIds(prisma));
  const chapter = (code: string) => {
    const id = ids.get(code);
    if (!id) throw new Error(`blood seed: no chapter ${code} in the tree replica (has it caught up?)`);
    return id;
  };
  const at = (site: (typeof SITES)[number], day: Date) => chapter(day < REFORM ? site.before : site.after);
  const intervals = new Map(DONATION_TYPES.map((t) => [t.code, t.intervalDays]));
  const r = random(20240614);
  const today = todayInVietnam();

  const donors: { id: string; chapterId: string; fullName: string; birthDate: Date; nationalId: string; phone: string; abo: AboGroup; rh: RhFactor }[] = [];
  const plans: DonorPlan[] = [];
  for (const site of SITES) {
    for (let i = 0; i < 8; i++) {
      const id = uuidOf(r);
      const weight = r.next() * 100;
      let acc = 0;
      const [abo, rh] = GROUPS.find(([, , w]) => (acc += w) >= weight) ?? GROUPS[0]!;
      const fullName = `${r.pick(FAMILY)} ${r.pick(MIDDLE)} ${r.pick(GIVEN)}`;
      const birthDate = isoDate(`${1970 + Math.floor(r.next() * 36)}-0${1 + Math.floor(r.next() * 9)}-1${Math.floor(r.next() * 9)}`);
      donors.push({ id, chapterId: chapter(site.after), fullName, birthDate, nationalId: `0${r.digits(11)}`, phone: `09${r.digits(8)}`, abo, rh });
      const type = i === 7 ? "APHERESIS_PLATELETS" : "WHOLE_BLOOD";
      // some donors start in 2025 or 2026, so every year has first-time donors
      plans.push({ id, site, type, nextOk: isoDate(`${2024 + (i % 3 === 2 ? 1 + (i % 2) : 0)}-01-01`), count: 0 });
    }
  }
  await prisma.donor.createMany({ data: donors });
  await prisma.donorClubMember.createMany({
    data: plans.flatMap((p, i) => [
      ...(i % 5 === 0 ? [{ donorId: p.id, club: "RESERVE" as const, joinedOn: isoDate("2024-03-01") }] : []),
      ...(i % 7 === 0 ? [{ donorId: p.id, club: "OUTREACH" as const, joinedOn: isoDate("2023-09-01") }] : []),
      ...(donors[i]!.rh === "NEGATIVE" ? [{ donorId: p.id, club: "RARE_GROUP" as const, joinedOn: isoDate("2024-01-15") }] : []),
    ]),
  });

  const drives: { id: string; chapterId: string; kind: DriveKind; name: string; place: string; date: Date; targetUnits: number; bloodCentre: string; resultRecordedAt: Date | null }[] = [];
  const donations: { id: string; donorId: string; chapterId: string; driveId: string | null; donatedOn: Date; typeCode: string; volumeMl: number; units: number; isFirst: boolean; recordedBy: string }[] = [];
  const registrations: { driveId: string; donorId: string; walkIn: boolean; status: "DONATED" | "DEFERRED"; checkedInAt: Date }[] = [];
  const deferrals: { donorId: string; reasonCode: string; startsOn: Date; endsOn: Date | null; driveId: string | null }[] = [];
  const give = (p: DonorPlan, day: Date, chapterId: string, driveId: string | null) => {
    const volumeMl = p.type === "WHOLE_BLOOD" ? r.pick([250, 350, 350, 450]) : 250;
    donations.push({ id: uuidOf(r), donorId: p.id, chapterId, driveId, donatedOn: day, typeCode: p.type, volumeMl, units: volumeMl / ML_PER_UNIT, isFirst: p.count === 0, recordedBy: "seed" });
    p.count += 1;
    p.nextOk = addDays(day, intervals.get(p.type)!);
  };

  // days of the year in date order, so each donor's intervals hold across drives and visits
  for (const year of [2024, 2025, 2026]) {
    const events: { day: Date; drive?: (typeof DRIVE_DAYS)[number] }[] = [
      ...DRIVE_DAYS.map((drive) => ({ day: isoDate(`${year}-${drive.monthDay}`), drive })),
      ...Array.from({ length: 12 }, (_, m) => ({ day: isoDate(`${year}-${String(m + 1).padStart(2, "0")}-05`) })),
    ].sort((a, b) => a.day.getTime() - b.day.getTime());
    for (const event of events) {
      if (event.day > today) continue;
      if (!event.drive) {
        // platelet donors give at the blood centre once a month, outside any drive
        for (const p of plans.filter((q) => q.type !== "WHOLE_BLOOD" && q.nextOk <= event.day)) give(p, event.day, at(p.site, event.day), null);
        continue;
      }
      for (const site of SITES) {
        const driveId = uuidOf(r);
        const chapterId = at(site, event.day);
        drives.push({
          id: driveId,
          chapterId,
          kind: event.drive.kind,
          name: `${event.drive.name} ${year}`,
          place: `Nhà văn hoá ${site.before.split(".").pop()}`,
          date: event.day,
          targetUnits: 20,
          bloodCentre: BLOOD_CENTRES[site.province]!,
          resultRecordedAt: event.day,
        });
        const local = plans.filter((p) => p.site === site && p.type === "WHOLE_BLOOD");
        let deferredOne = false;
        for (const p of local) {
          if (p.nextOk > event.day || r.next() < 0.25) continue;
          if (!deferredOne && r.next() < 0.15) {
            deferredOne = true;
            deferrals.push({ donorId: p.id, reasonCode: "BLOOD_PRESSURE", startsOn: event.day, endsOn: addDays(event.day, 7), driveId });
            registrations.push({ driveId, donorId: p.id, walkIn: false, status: "DEFERRED", checkedInAt: event.day });
            continue;
          }
          give(p, event.day, chapterId, driveId);
          registrations.push({ driveId, donorId: p.id, walkIn: r.next() < 0.2, status: "DONATED", checkedInAt: event.day });
        }
      }
    }
  }
  // two open deferrals for the demo: a tattoo (6 months) and one until a doctor allows
  const tattooed = plans[1]!;
  deferrals.push({ donorId: tattooed.id, reasonCode: "TATTOO", startsOn: addDays(today, -30), endsOn: addDays(today, 153), driveId: null });
  deferrals.push({ donorId: plans[9]!.id, reasonCode: "OTHER_OPEN", startsOn: addDays(today, -10), endsOn: null, driveId: null });

  await prisma.drive.createMany({ data: drives });
  await prisma.donation.createMany({ data: donations });
  await prisma.driveRegistration.createMany({ data: registrations });
  await prisma.deferral.createMany({ data: deferrals });

  // two duplicates, as paper records typed in twice: same phone or national ID, a variant name
  const [first, second] = [donors[2]!, donors[12]!];
  await prisma.donor.createMany({
    data: [
      { id: uuidOf(r), chapterId: first.chapterId, fullName: first.fullName.toUpperCase(), phone: first.phone, abo: first.abo, rh: first.rh },
      { id: uuidOf(r), chapterId: second.chapterId, fullName: second.fullName, nationalId: second.nationalId, abo: second.abo, rh: second.rh },
    ],
  });

  // populations (BL-TARGETS): the provinces', and the communes' own figures, which differ as real
  // communes do; a district without a row (Từ Sơn) sums its wards. Targets are organization's
  // catalogue (prisma/organization/seed-people.ts), one source for every indicator.
  const populationByChapter = ([
    ["BN", 1_490_000],
    ["HP", 2_100_000],
    ["AG", 1_950_000],
    ["KG", 1_750_000],
    ["TN", 1_330_000],
    ...SITES.flatMap((s) => [...new Set([s.before, s.after])]).map((code, i): [string, number] => [code, 6_500 + ((i * 7_919) % 23_000)]),
  ] as [string, number][]).filter(([code], i, all) => all.findIndex(([other]) => other === code) === i);
  // a chapter has rows for the years it existed: the wards merged on 2025-07-01 and Kiên Giang
  // up to 2025, the new wards from 2025
  const endedIn2025 = new Set(["KG", ...SITES.filter((s) => s.before !== s.after).map((s) => s.before)]);
  const startedIn2025 = new Set(SITES.filter((s) => s.before !== s.after).map((s) => s.after));
  const populations = [];
  for (const year of [2024, 2025, 2026]) {
    for (const [code, population] of populationByChapter) {
      if ((endedIn2025.has(code) && year > 2025) || (startedIn2025.has(code) && year < 2025)) continue;
      populations.push({ chapterId: chapter(code), year, population: population + (year - 2024) * Math.round(population / 150) });
    }
  }
  await prisma.chapterPopulation.createMany({ data: populations });

  // BL-ORGAN: a few registrations with their consent record
  const organs = [["giác mạc"], ["thận", "gan"], ["giác mạc", "mô"], ["tim", "thận", "giác mạc"]];
  await prisma.organRegistration.createMany({
    data: SITES.slice(0, 8).map((site, i) => {
      const registeredOn = isoDate(`${2024 + (i % 3)}-0${1 + (i % 6)}-2${i % 8}`);
      return {
        chapterId: at(site, registeredOn),
        fullName: `${r.pick(FAMILY)} ${r.pick(MIDDLE)} ${r.pick(GIVEN)}`,
        nationalId: `0${r.digits(11)}`,
        registeredOn,
        organs: organs[i % organs.length]!,
        consentSignedOn: registeredOn,
        consentDocument: `${100 + i}/ĐK-HMT`,
        consentWitness: "Cán bộ Hội Chữ thập đỏ",
        recordedBy: "seed",
      };
    }),
  });
  // the figures' rollups, from the rows just written (writes from now on keep them)
  await rebuildBloodRollups(prisma, { onlyIfStale: true });
  return { created: true };
}
