// National-scale synthetic data for the organization subgraph (the benchmark's data): the
// post-2025 tree with its history, people with memberships, dues and funds. The tree goes through
// the real tree-change code (so closure rows, history and outbox events are what production
// writes); the millions of rows of people, dues and fund lines are generated inside PostgreSQL
// with generate_series, deterministically from the row number (md5 of a label and the number),
// so the same options always give the same data, and a national load takes minutes, not hours.
import { isoDate } from "@chapters/core";
import type pg from "pg";
import { pick, uuid, type LoadStep } from "../synthetic-sql.ts";

import type { PrismaClient } from "../../subgraphs/organization/src/generated/prisma/client.ts";
import { createChapters, dissolveChapter, moveChapters, type NewChapter } from "../../subgraphs/organization/src/tree/changes.ts";
import { mulberry32 } from "./synthetic.ts";

export interface NationalOptions {
  provinces: number;
  /** districts per province before the reform (dissolved on 2025-07-01) */
  districts: number;
  /** communes per district (directly under the province after the reform) */
  communes: number;
  /** branches per commune, on average */
  branches: number;
  members: number;
  seed: number;
  prefix: string;
}

/** The Society's size after the 2025 reform (issue: 34 provinces, ~3,300 communes, ~30,000 branches, 3 million members). */
export const NATIONAL: NationalOptions = { provinces: 34, districts: 20, communes: 5, branches: 9, members: 3_000_000, seed: 42, prefix: "SYN" };

const REFORM = isoDate("2025-07-01");
/** the synthetic records end here: nothing is dated after a day the data could have been entered */
const LAST_RECORDED_DAY = "2026-10-31";
const SYL = ["An", "Bình", "Phú", "Hòa", "Tân", "Long", "Thạnh", "Mỹ", "Phước", "Thành", "Đông", "Tây", "Vĩnh", "Hưng", "Lộc", "Sơn", "Hải", "Xuân", "Đức", "Minh"];

/** Creates the tree as it stood before the reform, then records the reform: each province's
 * communes move directly under it and its districts are dissolved, effective 2025-07-01. */
export async function generateNationalTree(
  prisma: PrismaClient,
  o: NationalOptions,
  /** after the chapters are created (one transaction), once per province whose reform is recorded */
  progress?: { created(chapters: number): void; reformed(provinces: number, chapters: number): void },
): Promise<{ chapters: number }> {
  const random = mulberry32(o.seed);
  const place = () => `${SYL[Math.floor(random() * SYL.length)]} ${SYL[Math.floor(random() * SYL.length)]}`;
  const items: NewChapter[] = [];
  const communesOf = new Map<string, string[]>();
  const districtsOf = new Map<string, string[]>();
  for (let p = 1; p <= o.provinces; p++) {
    const province = `${o.prefix}${p}`;
    items.push({ code: province, name: `Hội Chữ thập đỏ tỉnh ${place()} ${p}`, level: "PROVINCE", parentCode: "TW" });
    communesOf.set(province, []);
    districtsOf.set(province, []);
    for (let d = 1; d <= o.districts; d++) {
      const district = `${province}.D${d}`;
      districtsOf.get(province)!.push(district);
      items.push({ code: district, name: `Hội Chữ thập đỏ huyện ${place()} ${d}`, level: "DISTRICT", parentCode: province });
      for (let c = 1; c <= o.communes; c++) {
        const commune = `${district}.C${c}`;
        communesOf.get(province)!.push(commune);
        items.push({ code: commune, name: `Hội Chữ thập đỏ xã ${place()} ${c}`, level: "COMMUNE", parentCode: district });
        // branches vary as real communes do: from a third to twice the average
        const count = Math.max(1, Math.round(o.branches * (0.35 + random() * 1.65)));
        for (let b = 1; b <= count; b++) items.push({ code: `${commune}.B${b}`, name: `Chi hội thôn ${place()} ${b}`, level: "BRANCH", parentCode: commune });
        if (random() < 0.15) items.push({ code: `${commune}.S1`, name: `Chi hội trường ${place()}`, level: "AFFILIATED", hostKind: "SCHOOL", parentCode: commune });
      }
    }
  }
  const meta = (note: string) => ({ effectiveDate: isoDate("2000-01-01"), decisionNumber: "SYNTHETIC", note, recordedBy: "synthetic" });
  const { ids } = await prisma.$transaction((tx) => createChapters(tx, items, meta(`Dữ liệu tổng hợp (seed ${o.seed})`)), {
    timeout: 30 * 60_000,
    maxWait: 60_000,
  });
  progress?.created(ids.length);
  const idOf = new Map((await prisma.chapter.findMany({ where: { code: { startsWith: o.prefix } }, select: { id: true, code: true } })).map((c) => [c.code, c.id]));
  const reform = { effectiveDate: REFORM, decisionNumber: "202/2025/QH15 (tổng hợp)", recordedBy: "synthetic" };
  for (const [province, communes] of communesOf) {
    await prisma.$transaction((tx) => moveChapters(tx, communes.map((c) => idOf.get(c)!), idOf.get(province)!, reform), { timeout: 10 * 60_000 });
    for (const district of districtsOf.get(province)!) {
      await prisma.$transaction((tx) => dissolveChapter(tx, idOf.get(district)!, reform), { timeout: 10 * 60_000 });
    }
    progress?.reformed(1, communes.length + districtsOf.get(province)!.length);
  }
  return { chapters: ids.length };
}



const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Xuân"];
const GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"];
const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
const arr = (list: string[]) => `ARRAY[${list.map((x) => `'${x}'`).join(",")}]`;

/** The SQL for a person's name parts from row number `g` (accented, and folded for search). */
function nameSql(g: string): { full: string; folded: string } {
  const parts = [
    [FAMILY, pick("family", g, FAMILY.length)],
    [MIDDLE, pick("middle", g, MIDDLE.length)],
    [GIVEN, pick("given", g, GIVEN.length)],
  ] as const;
  const join = (map: (s: string) => string) => parts.map(([list, index]) => `(${arr(list.map(map))})[${index} + 1]`).join(" || ' ' || ");
  return { full: join((s) => s), folded: join(fold) };
}

/** People, memberships, dues (policies, payments, exemptions) and fund lines, generated in SQL. */
export async function generateOrganizationVolume(db: pg.ClientBase, o: NationalOptions, step: LoadStep): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS syn_home; CREATE TEMP TABLE syn_home AS
    SELECT (row_number() OVER (ORDER BY c.code)) - 1 AS n, c.id, v.level::text AS level, p."chapterId" AS province
    FROM "Chapter" c JOIN "ChapterVersion" v ON v."chapterId" = c.id AND v."validTo" IS NULL
    JOIN "ChapterClosure" up ON up."descendantId" = c.id AND up."validTo" IS NULL
    JOIN "ChapterVersion" p ON p."chapterId" = up."ancestorId" AND p."validTo" IS NULL AND p.level = 'PROVINCE'
    WHERE c.code LIKE '${o.prefix}%' AND v.level IN ('COMMUNE', 'BRANCH', 'AFFILIATED');
    CREATE UNIQUE INDEX ON syn_home (n); ANALYZE syn_home;`);
  const homes = Number((await db.query(`SELECT count(*) AS n FROM syn_home`)).rows[0].n);
  const name = nameSql("g");
  const day = (label: string, from: string, span: number) => `(date '${from}' + ${pick(label, "g", span)}::int)`;
  await step("people", {
    total: o.members,
    unit: "people",
    sql: (from, to) => `INSERT INTO "Person" (id, "fullName", "searchName", "birthDate", phone, "nationalId")
     SELECT ${uuid("'person' || g")}, ${name.full}, ${name.folded}, ${day("birth", "1950-01-01", 20000)},
            '09' || lpad(g::text, 8, '0'), '9' || lpad(g::text, 11, '0')
     FROM generate_series(${from}, ${to}) g`,
  });
  await step("memberships", {
    total: o.members,
    unit: "people",
    sql: (from, to) => `INSERT INTO "Membership" (id, "personId", "chapterId", kind, "joinedOn", "leftOn", "endReason", "lineageId")
     SELECT ${uuid("'membership' || g")}, ${uuid("'person' || g")}, h.id,
            (CASE WHEN ${pick("kind", "g", 100)} < 80 THEN 'MEMBER' WHEN ${pick("kind", "g", 100)} < 92 THEN 'VOLUNTEER' WHEN ${pick("kind", "g", 100)} < 98 THEN 'YOUTH' ELSE 'STAFF' END)::"MembershipKind",
            j.joined, j."leftOn", CASE WHEN j."leftOn" IS NOT NULL THEN 'LEFT'::"MembershipEnd" END, ${uuid("'membership' || g")}
     FROM generate_series(${from}, ${to}) g
     JOIN syn_home h ON h.n = ${pick("home", "g", homes)}
     CROSS JOIN LATERAL (SELECT ${day("joined", "2005-01-01", 7600)} AS joined) j0
     -- nobody leaves in the future: a departure is recorded when it happens
     CROSS JOIN LATERAL (SELECT j0.joined, CASE WHEN ${pick("left", "g", 100)} < 8 AND j0.joined + 200 + ${pick("stay", "g", 2000)}::int <= date '${LAST_RECORDED_DAY}'
       THEN j0.joined + 200 + ${pick("stay", "g", 2000)}::int END AS "leftOn") j`,
  });
  await step(
    "dues policies",
    `INSERT INTO "DuesPolicy" ("chapterId", year, amount)
     SELECT h.id, y, (12000 + 6000 * ${pick("policy", "h.province::text || y", 4)})::bigint
     FROM syn_home h CROSS JOIN generate_series(2022, 2026) y ON CONFLICT DO NOTHING`,
  );
  for (const [year, share] of [[2024, 50], [2025, 40]] as const) {
    await step(`dues payments ${year}`, {
      total: homes,
      unit: "chapters",
      // syn_home.n counts from 0
      sql: (from, to) => `INSERT INTO "DuesPayment" (id, "membershipId", year, amount, "paidOn", "recordedBy")
       SELECT ${uuid(`'dues${year}' || m.id`)}, m.id, ${year}, p.amount, date '${year}-03-01' + ${pick(`paid${year}`, "m.id::text", 280)}::int, 'synthetic'
       FROM "Membership" m JOIN syn_home h ON h.id = m."chapterId"
       -- a payment is the amount in force for the member's chapter (ORG-DUES): less is not paid, more is refused
       JOIN "DuesPolicy" p ON p."chapterId" = m."chapterId" AND p.year = ${year}
       WHERE m.kind = 'MEMBER' AND m."joinedOn" <= date '${year}-12-31' AND (m."leftOn" IS NULL OR m."leftOn" > date '${year}-12-31')
         AND h.n BETWEEN ${from - 1} AND ${to - 1}
         AND ${pick(`pays${year}`, "m.id::text", 100)} < ${share}`,
    });
  }
  await step(
    "fund lines",
    `INSERT INTO "FundEntry" (id, "chapterId", "entryDate", kind, amount, source, "recordedBy")
     SELECT ${uuid("'fund' || h.id || i")}, h.id, date '2023-01-05' + (i * 33), (CASE WHEN i % 3 = 2 THEN 'SPENDING' ELSE 'INCOME' END)::"FundEntryKind",
            (100000 * (1 + ${pick("amount", "h.id::text || i", 400)}))::bigint, CASE WHEN i % 3 = 2 THEN 'Chi hỗ trợ' ELSE 'Vận động ủng hộ' END, 'synthetic'
     FROM syn_home h CROSS JOIN generate_series(0, 35) i WHERE h.level = 'COMMUNE' OR i % 6 = 0`,
  );
  await db.query(`ANALYZE "Person"; ANALYZE "Membership"; ANALYZE "DuesPayment"; ANALYZE "FundEntry"; DROP TABLE syn_home;`);
}
