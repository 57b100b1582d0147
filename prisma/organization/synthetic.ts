// Synthetic volume for the organization subgraph: a seeded pseudo-random tree of provinces,
// districts, communes and branches with Vietnamese-looking names, under an existing chapter
// (default the central society "TW"), created in one createChapters call effective 2000-01-01.
// The same options and seed always give the same tree (codes, names and shape).
//
//   DATABASE_URL=postgresql://… npx tsx prisma/organization/synthetic.ts \
//     --provinces 5 --districts 10 --communes 20 --branches 3 [--seed 42] [--prefix SYN] [--parent TW]
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { databaseUrlFromEnv, isoDate } from "@chapters/core";
import { connectOrganizationDatabase } from "../../subgraphs/organization/src/db.ts";
import type { PrismaClient } from "../../subgraphs/organization/src/generated/prisma/client.ts";
import { createChapters, type NewChapter } from "../../subgraphs/organization/src/tree/changes.ts";

export interface SyntheticTreeOptions {
  provinces: number;
  districtsPerProvince: number;
  communesPerDistrict: number;
  /** on average: each commune gets this many branches ± 1 (never fewer than 0) */
  branchesPerCommune: number;
  /** PRNG seed (default 1) */
  seed?: number;
  /** code prefix of the provinces (default "SYN": SYN1, SYN1.D2, SYN1.D2.C3, SYN1.D2.C3.B4) */
  codePrefix?: string;
  /** code of the existing chapter the provinces go under (default "TW"; must be CENTRAL) */
  parentCode?: string;
}

/** mulberry32: a tiny, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Syllables common in Vietnamese place names (none that would spell a real demo province).
const SYLLABLES = [
  "An", "Bình", "Phú", "Hòa", "Tân", "Long", "Thạnh", "Mỹ", "Phước", "Thành", "Đông", "Tây", "Nam",
  "Trung", "Vĩnh", "Hưng", "Lộc", "Thuận", "Quang", "Hiệp", "Lợi", "Sơn", "Hải", "Lâm", "Xuân",
  "Đức", "Minh", "Khánh", "Định", "Phong", "Hồng", "Thịnh", "Nghĩa", "Lạc", "Yên", "Cát", "Thủy",
];

const DISTRICT_KINDS = ["huyện", "huyện", "huyện", "quận", "thị xã", "thành phố"];
const COMMUNE_KINDS = ["xã", "xã", "xã", "phường", "thị trấn"];
const BRANCH_KINDS = ["thôn", "thôn", "ấp", "khu phố", "tổ dân phố", "bản"];

export async function generateSyntheticTree(prisma: PrismaClient, options: SyntheticTreeOptions): Promise<{ chapters: number }> {
  const { provinces, districtsPerProvince, communesPerDistrict, branchesPerCommune } = options;
  for (const [name, value] of Object.entries({ provinces, districtsPerProvince, communesPerDistrict, branchesPerCommune })) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0 (got ${value}).`);
  }
  const random = mulberry32(options.seed ?? 1);
  const prefix = options.codePrefix ?? "SYN";
  const parentCode = options.parentCode ?? "TW";
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const placeName = () => `${pick(SYLLABLES)} ${pick(SYLLABLES)}`;

  const items: NewChapter[] = [];
  for (let p = 1; p <= provinces; p++) {
    const province = `${prefix}${p}`;
    items.push({ code: province, name: `Hội Chữ thập đỏ tỉnh ${placeName()} ${p}`, level: "PROVINCE", parentCode });
    for (let d = 1; d <= districtsPerProvince; d++) {
      const district = `${province}.D${d}`;
      items.push({ code: district, name: `Hội Chữ thập đỏ ${pick(DISTRICT_KINDS)} ${placeName()} ${d}`, level: "DISTRICT", parentCode: province });
      for (let c = 1; c <= communesPerDistrict; c++) {
        const commune = `${district}.C${c}`;
        items.push({ code: commune, name: `Hội Chữ thập đỏ ${pick(COMMUNE_KINDS)} ${placeName()} ${c}`, level: "COMMUNE", parentCode: district });
        const count = branchesPerCommune === 0 ? 0 : Math.max(0, branchesPerCommune + Math.floor(random() * 3) - 1);
        for (let b = 1; b <= count; b++) {
          const kind = pick(BRANCH_KINDS);
          const label = kind === "tổ dân phố" ? `${kind} ${b}` : `${kind} ${placeName()} ${b}`;
          items.push({ code: `${commune}.B${b}`, name: `Chi hội Chữ thập đỏ ${label}`, level: "BRANCH", parentCode: commune });
        }
      }
    }
  }
  if (items.length === 0) return { chapters: 0 };

  // One decision for the whole volume; createChapters writes it in chunks of 5,000 rows.
  const { ids } = await prisma.$transaction(
    (tx) =>
      createChapters(tx, items, {
        effectiveDate: isoDate("2000-01-01"),
        decisionNumber: "SYNTHETIC",
        note: `Dữ liệu tổng hợp (seed ${options.seed ?? 1}, ${items.length} chi hội/Hội cơ sở)`,
        recordedBy: "synthetic",
      }),
    { timeout: Math.max(120_000, items.length * 20), maxWait: 30_000 },
  );
  return { chapters: ids.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      provinces: { type: "string", default: "5" },
      districts: { type: "string", default: "10" },
      communes: { type: "string", default: "20" },
      branches: { type: "string", default: "3" },
      seed: { type: "string", default: "42" },
      prefix: { type: "string", default: "SYN" },
      parent: { type: "string", default: "TW" },
    },
  });
  const whole = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) {
      console.error(`--${name} must be a whole number ≥ 0 (got ${text}).`);
      process.exit(2);
    }
    return n;
  };
  const options: SyntheticTreeOptions = {
    provinces: whole("provinces", values.provinces),
    districtsPerProvince: whole("districts", values.districts),
    communesPerDistrict: whole("communes", values.communes),
    branchesPerCommune: whole("branches", values.branches),
    seed: whole("seed", values.seed),
    codePrefix: values.prefix,
    parentCode: values.parent,
  };
  const url = databaseUrlFromEnv("organization");
  if (!url) {
    console.error("Set DATABASE_URL (or DATABASE_URL_ORGANIZATION) to the PostgreSQL database.");
    process.exit(1);
  }
  const db = connectOrganizationDatabase(url);
  try {
    const started = Date.now();
    const { chapters } = await generateSyntheticTree(db.prisma, options);
    console.log(
      `Created ${chapters} synthetic chapters under ${options.parentCode} (prefix ${options.codePrefix}, seed ${options.seed}) in ${Date.now() - started} ms.`,
    );
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}
