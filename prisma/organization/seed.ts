// Demo data for the organization subgraph (docs/domain.md §1 ORG-TREE, ORG-REFORM): a small but real
// slice of the Vietnam Red Cross chapter tree as it stood before the 2025 reform, a little history
// before it, and the reform of 1 July 2025 recorded as history through the same write API the
// product uses (changes.ts). After the seed:
//   - as of 2024-12-31 the old tree is intact: provinces → districts → communes/wards → branches;
//   - today no DISTRICT chapter is active, five provinces are merged into five others, the
//     communes sit directly under their (new) province, and the wards of Từ Sơn are merged into
//     four new wards directly under Bắc Ninh.
//
// Run directly: DATABASE_URL=postgresql://… npx tsx prisma/organization/seed.ts
// (schema "organization" already migrated). It does nothing if the central society "TW" exists.
import { pathToFileURL } from "node:url";
import { databaseUrlFromEnv, formatIsoDate, isoDate, todayInVietnam } from "@chapters/core";
import { connectOrganizationDatabase } from "../../subgraphs/organization/src/db.ts";
import { rebuildRollups } from "../../subgraphs/organization/src/figures/rollups.ts";
import type { Prisma, PrismaClient } from "../../subgraphs/organization/src/generated/prisma/client.ts";
import type { ChapterLevel } from "../../subgraphs/organization/src/generated/prisma/enums.ts";
import {
  createChapters,
  dissolveChapter,
  mergeChapters,
  moveChapters,
  renameChapter,
  type ChangeMeta,
  type NewChapter,
} from "../../subgraphs/organization/src/tree/changes.ts";
import { levelOrder } from "../../subgraphs/organization/src/tree/levels.ts";
import { seedDemoPartners } from "./seed-partners.ts";
import { seedKienGiang2024 } from "./kien-giang-2024.ts";
import { seedOrganizationPeopleAndMoney } from "./seed-people.ts";

export { seedOrganizationPeopleAndMoney, DEMO_PEOPLE_CHAPTERS } from "./seed-people.ts";

/** Codes the tests and examples refer to. */
export const DEMO = {
  central: "TW",
  // provinces (before the reform) and the province each was merged into on 2025-07-01
  haiPhong: "HP",
  haiDuong: "HD", // → HP
  bacNinh: "BN",
  bacGiang: "BG", // → BN
  kienGiang: "KG", // → AG
  anGiang: "AG",
  thaiNguyen: "TN",
  bacKan: "BK", // → TN
  binhPhuoc: "BP", // → DN
  dongNai: "DN",
  // districts (all dissolved on 2025-07-01)
  tuSon: "BN.TS",
  tienDu: "BN.TD",
  rachGia: "KG.RG",
  chauThanhKG: "KG.CT",
  hongBang: "HP.HB",
  leChan: "HP.LC",
  thaiNguyenCity: "TN.TP",
  dongXoai: "BP.DX",
  // communes / wards
  dongNgan: "BN.TS.DNG", // phường Đông Ngàn, merged into phường Từ Sơn (BN.PTS)
  chauKhe: "BN.TS.CKE",
  phuKhe: "BN.TS.PKE",
  tienDuCommune: "BN.TD.LIM", // thị trấn Lim, moved under Bắc Ninh
  rachGiaWard: "KG.RG.VTV", // phường Vĩnh Thanh Vân, moved under An Giang
  // branches
  branch: "BN.TS.CKE.DAHOI", // chi hội khu phố Đa Hội
  tienBao: "BN.TS.PKE.TIENBAO",
  // affiliated chapters
  lyThaiToSchool: "BN.TS.LTT",
  kienGiangHospital: "KG.BVDK",
  hongBangAgency: "HP.HB.UBND",
  // the new wards of 2025-07-01 (directly under Bắc Ninh)
  newTuSonWard: "BN.PTS",
  newTamSonWard: "BN.PTAMSON",
  newDongNguyenWard: "BN.PDN",
  newPhuKheWard: "BN.PPK",
} as const;

const RECORDED_BY = "seed";
const TX_OPTIONS = { timeout: 120_000 };

// ---------------------------------------------------------------------------------------------
// The tree before the reform. Names are those in force just before 1 July 2025 (the two district
// renames below are recorded as history); the baseline date 2000-01-01 is a convention.
// ---------------------------------------------------------------------------------------------

const HCTD = "Hội Chữ thập đỏ";
type Item = NewChapter;

const items: Item[] = [];
const add = (code: string, name: string, level: ChapterLevel, parentCode?: string, extra: Partial<NewChapter> = {}) =>
  items.push({ code, name, level, ...(parentCode ? { parentCode } : {}), ...extra });
const province = (code: string, name: string) => add(code, `${HCTD} ${name}`, "PROVINCE", DEMO.central);
const district = (code: string, name: string, parent: string) => add(code, `${HCTD} ${name}`, "DISTRICT", parent);
/** communes of a district: [code suffix, "phường Đông Ngàn"] */
const communes = (parent: string, list: [string, string][]) => {
  for (const [suffix, name] of list) add(`${parent}.${suffix}`, `${HCTD} ${name}`, "COMMUNE", parent);
};
/** branches (chi hội) of a commune: [code suffix, "khu phố Đa Hội"] */
const branches = (parent: string, list: [string, string][]) => {
  for (const [suffix, name] of list) add(`${parent}.${suffix}`, `Chi hội Chữ thập đỏ ${name}`, "BRANCH", parent);
};

add(DEMO.central, "Trung ương Hội Chữ thập đỏ Việt Nam", "CENTRAL");
province(DEMO.haiPhong, "thành phố Hải Phòng");
province(DEMO.haiDuong, "tỉnh Hải Dương");
province(DEMO.bacNinh, "tỉnh Bắc Ninh");
province(DEMO.bacGiang, "tỉnh Bắc Giang");
province(DEMO.kienGiang, "tỉnh Kiên Giang");
province(DEMO.anGiang, "tỉnh An Giang");
province(DEMO.thaiNguyen, "tỉnh Thái Nguyên");
province(DEMO.bacKan, "tỉnh Bắc Kạn");
province(DEMO.binhPhuoc, "tỉnh Bình Phước");
province(DEMO.dongNai, "tỉnh Đồng Nai");

// Bắc Ninh — Từ Sơn (thị xã from 2008, thành phố from 2021-11-01) and its 12 wards
district(DEMO.tuSon, "thị xã Từ Sơn", DEMO.bacNinh);
communes(DEMO.tuSon, [
  ["DNG", "phường Đông Ngàn"],
  ["DBG", "phường Đình Bảng"],
  ["THG", "phường Tân Hồng"],
  ["THA", "phường Trang Hạ"],
  ["CKE", "phường Châu Khê"],
  ["DKY", "phường Đồng Kỵ"],
  ["DNU", "phường Đồng Nguyên"],
  ["TGI", "phường Tương Giang"],
  ["PKE", "phường Phù Khê"],
  ["HMA", "phường Hương Mạc"],
  ["TSO", "phường Tam Sơn"],
  ["PCH", "phường Phù Chẩn"],
]);
branches(DEMO.chauKhe, [
  ["DAHOI", "khu phố Đa Hội"],
  ["TRINHXA", "khu phố Trịnh Xá"],
]);
branches(DEMO.phuKhe, [
  ["TIENBAO", "khu phố Tiến Bào"],
  ["PKDONG", "khu phố Phù Khê Đông"],
  ["PKTHUONG", "khu phố Phù Khê Thượng"],
]);
branches(`${DEMO.tuSon}.DKY`, [
  ["KP1", "khu phố 1"],
  ["KP2", "khu phố 2"],
  ["KP3", "khu phố 3"],
]);
branches(DEMO.dongNgan, [
  ["KP1", "khu phố 1"],
  ["KP2", "khu phố 2"],
]);
branches(`${DEMO.tuSon}.THA`, [["TRANGLIET", "khu phố Trang Liệt"]]);
add(DEMO.lyThaiToSchool, `${HCTD} Trường THPT Lý Thái Tổ`, "AFFILIATED", DEMO.tuSon, { hostKind: "SCHOOL" });

// Bắc Ninh — Tiên Du
district(DEMO.tienDu, "huyện Tiên Du", DEMO.bacNinh);
communes(DEMO.tienDu, [
  ["LIM", "thị trấn Lim"],
  ["PTI", "xã Phật Tích"],
  ["NDU", "xã Nội Duệ"],
  ["HSO", "xã Hoàn Sơn"],
]);

// Kiên Giang — Rạch Giá (thị xã until 2005, then thành phố) and Châu Thành
district(DEMO.rachGia, "thị xã Rạch Giá", DEMO.kienGiang);
communes(DEMO.rachGia, [
  ["VTV", "phường Vĩnh Thanh Vân"],
  ["VTH", "phường Vĩnh Thanh"],
  ["VQU", "phường Vĩnh Quang"],
  ["VHI", "phường Vĩnh Hiệp"],
  ["AHO", "phường An Hòa"],
  ["RSO", "phường Rạch Sỏi"],
]);
district(DEMO.chauThanhKG, "huyện Châu Thành", DEMO.kienGiang);
communes(DEMO.chauThanhKG, [
  ["MLU", "thị trấn Minh Lương"],
  ["BAN", "xã Bình An"],
  ["MTA", "xã Mong Thọ A"],
]);
add(DEMO.kienGiangHospital, `${HCTD} Bệnh viện Đa khoa tỉnh Kiên Giang`, "AFFILIATED", DEMO.kienGiang, { hostKind: "HOSPITAL" });

// Hải Phòng — Hồng Bàng, Lê Chân
district(DEMO.hongBang, "quận Hồng Bàng", DEMO.haiPhong);
communes(DEMO.hongBang, [
  ["HVT", "phường Hoàng Văn Thụ"],
  ["MKH", "phường Minh Khai"],
  ["SDA", "phường Sở Dầu"],
]);
add(DEMO.hongBangAgency, `${HCTD} cơ quan Ủy ban nhân dân quận Hồng Bàng`, "AFFILIATED", DEMO.hongBang, { hostKind: "AGENCY" });
district(DEMO.leChan, "quận Lê Chân", DEMO.haiPhong);
communes(DEMO.leChan, [
  ["ABI", "phường An Biên"],
  ["HKE", "phường Hàng Kênh"],
  ["VNI", "phường Vĩnh Niệm"],
]);

// Thái Nguyên, Bình Phước
district(DEMO.thaiNguyenCity, "thành phố Thái Nguyên", DEMO.thaiNguyen);
communes(DEMO.thaiNguyenCity, [
  ["PDP", "phường Phan Đình Phùng"],
  ["HVT", "phường Hoàng Văn Thụ"],
  ["QTR", "phường Quang Trung"],
]);
district(DEMO.dongXoai, "thành phố Đồng Xoài", DEMO.binhPhuoc);
communes(DEMO.dongXoai, [
  ["TPH", "phường Tân Phú"],
  ["TBI", "phường Tân Bình"],
  ["TXU", "phường Tân Xuân"],
]);

// one district each for the other provinces of the mergers
district("HD.TP", "thành phố Hải Dương", DEMO.haiDuong);
communes("HD.TP", [
  ["TPH", "phường Trần Phú"],
  ["NTR", "phường Nguyễn Trãi"],
]);
district("BG.TP", "thành phố Bắc Giang", DEMO.bacGiang);
communes("BG.TP", [
  ["TPH", "phường Trần Phú"],
  ["NQU", "phường Ngô Quyền"],
]);
district("BK.TP", "thành phố Bắc Kạn", DEMO.bacKan);
communes("BK.TP", [
  ["DXU", "phường Đức Xuân"],
  ["PCK", "phường Phùng Chí Kiên"],
]);
district("AG.LX", "thành phố Long Xuyên", DEMO.anGiang);
communes("AG.LX", [
  ["MBI", "phường Mỹ Bình"],
  ["MLO", "phường Mỹ Long"],
]);
district("DN.BH", "thành phố Biên Hòa", DEMO.dongNai);
communes("DN.BH", [
  ["TPH", "phường Tân Phong"],
  ["QTH", "phường Quyết Thắng"],
]);

/** The demo chapters as created on 2000-01-01 (parents before children). */
export const DEMO_CHAPTERS: readonly Item[] = items;

// ---------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------

const meta = (date: string, decisionNumber: string, note?: string): ChangeMeta => ({
  effectiveDate: isoDate(date),
  decisionNumber,
  ...(note ? { note } : {}),
  recordedBy: RECORDED_BY,
});

const REFORM_DATE = "2025-07-01";
const PROVINCE_MERGER = "202/2025/QH15";
const DISTRICT_ABOLITION = "Luật Tổ chức chính quyền địa phương 72/2025/QH15";
const BAC_NINH_COMMUNES = "1658/NQ-UBTVQH15";

/** Province mergers of 2025-07-01: [merged, into]. */
const PROVINCE_MERGERS: [string, string, string][] = [
  [DEMO.kienGiang, DEMO.anGiang, "tỉnh Kiên Giang và tỉnh An Giang hợp nhất thành tỉnh An Giang"],
  [DEMO.binhPhuoc, DEMO.dongNai, "tỉnh Bình Phước và tỉnh Đồng Nai hợp nhất thành tỉnh Đồng Nai"],
  [DEMO.bacGiang, DEMO.bacNinh, "tỉnh Bắc Giang và tỉnh Bắc Ninh hợp nhất thành tỉnh Bắc Ninh"],
  [DEMO.haiDuong, DEMO.haiPhong, "tỉnh Hải Dương và thành phố Hải Phòng hợp nhất thành thành phố Hải Phòng"],
  [DEMO.bacKan, DEMO.thaiNguyen, "tỉnh Bắc Kạn và tỉnh Thái Nguyên hợp nhất thành tỉnh Thái Nguyên"],
];

/** The new wards of Từ Sơn on 2025-07-01, directly under Bắc Ninh. The composition is
 * illustrative (close to, not necessarily exactly, Nghị quyết 1658/NQ-UBTVQH15). */
const TU_SON_WARDS: { code: string; name: string; from: string[] }[] = [
  { code: DEMO.newTuSonWard, name: `${HCTD} phường Từ Sơn`, from: ["DNG", "THG", "DKY", "THA"] },
  { code: DEMO.newTamSonWard, name: `${HCTD} phường Tam Sơn`, from: ["TSO", "HMA", "TGI"] },
  { code: DEMO.newDongNguyenWard, name: `${HCTD} phường Đồng Nguyên`, from: ["DNU", "CKE", "DBG"] },
  { code: DEMO.newPhuKheWard, name: `${HCTD} phường Phù Khê`, from: ["PKE", "PCH"] },
];

type Db = PrismaClient;

async function idsOf(prisma: Db | Prisma.TransactionClient, codes: string[]): Promise<string[]> {
  const rows = await prisma.chapter.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  return codes.map((code) => {
    const id = byCode.get(code);
    if (!id) throw new Error(`seed: no chapter with code ${code}`);
    return id;
  });
}

const change = <T>(prisma: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> => prisma.$transaction(fn, TX_OPTIONS);

/** Loads the demo tree and its history, unless the central society already exists. Each change
 * is its own transaction (as a user would record them), so an interrupted seed is not undone. */
export async function seedOrganizationDemo(prisma: PrismaClient): Promise<{ created: boolean }> {
  if (await prisma.chapter.findUnique({ where: { code: DEMO.central }, select: { id: true } })) return { created: false };

  // 1. The baseline tree (Điều lệ Hội).
  await change(prisma, (tx) =>
    createChapters(tx, items, meta("2000-01-01", "Điều lệ Hội Chữ thập đỏ Việt Nam", "Cây tổ chức ban đầu (dữ liệu mẫu)")),
  );

  // 2. History before the reform: two district-level units became cities.
  const [rachGia, tuSon] = await idsOf(prisma, [DEMO.rachGia, DEMO.tuSon]);
  await change(prisma, (tx) =>
    renameChapter(tx, rachGia!, `${HCTD} thành phố Rạch Giá`, meta("2005-07-26", "97/2005/NĐ-CP", "Thành lập thành phố Rạch Giá thuộc tỉnh Kiên Giang")),
  );
  await change(prisma, (tx) =>
    renameChapter(tx, tuSon!, `${HCTD} thành phố Từ Sơn`, meta("2021-11-01", "387/NQ-UBTVQH15", "Thành lập thành phố Từ Sơn thuộc tỉnh Bắc Ninh")),
  );

  // People, dues, funds, organisations and targets up to the reform, so the merges below move
  // them to the successors (ORG-PEOPLE, ORG-DUES, ORG-FUND, ORG-COVERAGE, ORG-TARGETS).
  await seedOrganizationPeopleAndMoney(prisma, "before-reform");
  await seedKienGiang2024(prisma);

  // 3. The reform of 2025-07-01 (ORG-REFORM), in an order where each step is valid.
  // 3a. Province mergers: the merged province's children (districts, affiliated) move with it.
  for (const [from, into, note] of PROVINCE_MERGERS) {
    const [fromId, intoId] = await idsOf(prisma, [from, into]);
    await change(prisma, (tx) => mergeChapters(tx, [fromId!], { intoId: intoId! }, meta(REFORM_DATE, PROVINCE_MERGER, note)));
  }

  // 3b. Commune arrangement in Từ Sơn: old wards merged into new wards directly under Bắc Ninh;
  // their branches move to the new ward.
  for (const ward of TU_SON_WARDS) {
    const sourceIds = await idsOf(prisma, ward.from.map((suffix) => `${DEMO.tuSon}.${suffix}`));
    await change(prisma, (tx) =>
      mergeChapters(
        tx,
        sourceIds,
        { newChapter: { code: ward.code, name: ward.name, level: "COMMUNE", parentCode: DEMO.bacNinh } },
        meta(REFORM_DATE, BAC_NINH_COMMUNES, `Sắp xếp đơn vị hành chính cấp xã: thành lập ${ward.name.replace(`${HCTD} `, "")}`),
      ),
    );
  }

  // 3c. The district level is abolished: communes and affiliated chapters (schools, agencies)
  // move directly under the province chapter, then the district chapter is dissolved.
  const districtCodes = items.filter((i) => i.level === "DISTRICT").map((i) => i.code);
  const districtIds = await idsOf(prisma, districtCodes);
  const open = await prisma.chapterVersion.findMany({
    where: { validTo: null, OR: [{ chapterId: { in: districtIds } }, { parentId: { in: districtIds } }] },
    select: { chapterId: true, parentId: true, level: true },
  });
  for (const [i, districtId] of districtIds.entries()) {
    const district = open.find((v) => v.chapterId === districtId);
    if (!district?.parentId) throw new Error(`seed: district ${districtCodes[i]} has no open version`);
    const children = open.filter((v) => v.parentId === districtId);
    const note = `Không tổ chức cấp huyện: chuyển về trực thuộc Hội cấp tỉnh (${districtCodes[i]})`;
    for (const level of ["COMMUNE", "AFFILIATED"] as const) {
      const ids = children.filter((c) => c.level === level).map((c) => c.chapterId);
      if (ids.length) await change(prisma, (tx) => moveChapters(tx, ids, district.parentId!, meta(REFORM_DATE, DISTRICT_ABOLITION, note)));
    }
    const others = children.filter((c) => c.level !== "COMMUNE" && c.level !== "AFFILIATED");
    if (others.length) throw new Error(`seed: district ${districtCodes[i]} has children of level ${others.map((c) => c.level).join(", ")}`);
    await change(prisma, (tx) => dissolveChapter(tx, districtId, meta(REFORM_DATE, DISTRICT_ABOLITION, `Kết thúc hoạt động Hội cấp huyện ${districtCodes[i]}`)));
  }

  // 4. Life goes on after the reform, on today's tree.
  await seedOrganizationPeopleAndMoney(prisma, "after-reform");

  // 5. The figures' rollups, from the rows just written (writes from now on keep them).
  await rebuildRollups(prisma);

  // 6. Partner agencies and what they were granted (docs/partners-and-audit.md).
  await seedDemoPartners(prisma);

  return { created: true };
}

/** Chapters in force on a date, by level. */
export async function countActiveByLevel(prisma: PrismaClient, on: Date): Promise<Record<string, number>> {
  const rows = await prisma.chapterVersion.groupBy({
    by: ["level"],
    where: { validFrom: { lte: on }, OR: [{ validTo: null }, { validTo: { gt: on } }] },
    _count: { _all: true },
  });
  const count = new Map(rows.map((r) => [r.level, r._count._all]));
  return Object.fromEntries(levelOrder.filter((l) => count.has(l)).map((l) => [l, count.get(l)!]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = databaseUrlFromEnv("organization");
  if (!url) {
    console.error("Set DATABASE_URL (or DATABASE_URL_ORGANIZATION) to the PostgreSQL database to seed.");
    process.exit(1);
  }
  const db = connectOrganizationDatabase(url);
  try {
    const started = Date.now();
    const { created } = await seedOrganizationDemo(db.prisma);
    if (!created) console.log(`Chapter ${DEMO.central} already exists: nothing seeded.`);
    else console.log(`Seeded the demo chapter tree in ${Date.now() - started} ms.`);
    const total = await db.prisma.chapter.count();
    const changes = await db.prisma.treeChange.count();
    console.log(`chapters: ${total}, tree changes: ${changes}`);
    for (const date of ["2024-12-31", formatIsoDate(todayInVietnam())]) {
      console.log(`active on ${date}:`, await countActiveByLevel(db.prisma, isoDate(date)));
    }
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}
