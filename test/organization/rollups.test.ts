// ORG-PEOPLE, ORG-DUES, ORG-FUND, ORG-COVERAGE, ORG-REFORM: the figure rollups are exact. After
// seeded random writes (members joining and leaving, dues paid, exempted and repriced, fund lines,
// organisations) and tree changes (move, merge, dissolve), for every chapter, every year and both
// views, the figures read from the rollups equal the figures computed from the rows; the rollups
// kept up write by write equal a from-scratch rebuild; concurrent writers on the PostgreSQL server
// lose nothing; and a reform recorded ahead of its date makes readers fall back to the rows. The
// migration holding them holds exactly what core's generator makes of organization's spec.
import { readdirSync, readFileSync } from "node:fs";
import { figureCacheFor, figureVersionSql, isoDate, rollupSql, todayInVietnam } from "@chapters/core";
import { connectOrganizationDatabase, coverageCounts, duesCounts, fundSums, memberCounts, ORGANIZATION_ROLLUPS, rebuildRollups, rollupFigures, treeChanges } from "@chapters/organization";
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../support/random.ts";

let t: TestStack;
beforeAll(async () => {
  // the PostgreSQL server even in the embedded run: the concurrency case needs real parallel writers
  t = await startTestStack({ server: true });
});
afterAll(async () => t?.stop());

const db = () => t.stack.organization.database.prisma;
const YEARS = [2023, 2024, 2025, 2026];

async function idOf(code: string): Promise<string> {
  return (await db().chapter.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
}

async function liveChapters(on: Date, levels: string[]): Promise<string[]> {
  const rows = await db().chapterVersion.findMany({
    where: { level: { in: levels as never }, validFrom: { lte: on }, OR: [{ validTo: null }, { validTo: { gt: on } }] },
    select: { chapterId: true },
    orderBy: { chapterId: "asc" },
  });
  return rows.map((r) => r.chapterId);
}

async function everyChapter(): Promise<string[]> {
  return (await db().chapter.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((c) => c.id);
}

/** Figures from the rows (the definition) and from the rollups, for all chapters, one year, one view. */
async function bothWays(year: number, restated: boolean, today = todayInVietnam()) {
  const ids = await everyChapter();
  const base = { ids, restated, roots: [await idOf(DEMO.central)], today };
  const rolled = await rollupFigures(db(), base, year);
  const [members, dues, fund, coverage] = await Promise.all([
    memberCounts(db(), base, year),
    duesCounts(db(), base, year),
    fundSums(db(), base, year),
    coverageCounts(db(), base, year),
  ]);
  const fromRows = new Map(ids.map((id) => [id, { members: members.get(id), dues: dues.get(id), fund: fund.get(id), coverage: coverage.get(id) }]));
  return { ids, rolled, fromRows };
}

async function expectRollupsExact(label: string) {
  for (const year of YEARS) {
    for (const restated of [false, true]) {
      const { ids, rolled, fromRows } = await bothWays(year, restated);
      expect(rolled, `${label}: rollups answer ${year} ${restated ? "restated" : "as it was"}`).not.toBeNull();
      for (const id of ids) {
        expect(rolled!.get(id), `${label}: ${id} ${year} ${restated ? "restated" : "as it was"}`).toEqual(fromRows.get(id));
      }
    }
  }
}

/** Own and subtree rollups without their all-zero rows (a row kept at zero is the same figure). */
async function rollupTables() {
  const own = await db().$queryRaw<Record<string, unknown>[]>`SELECT * FROM "OwnFigures" ORDER BY "chapterId", year`;
  const subtree = await db().$queryRaw<Record<string, unknown>[]>`SELECT * FROM "SubtreeFigures" ORDER BY x, year, restated`;
  const nonZero = (rows: Record<string, unknown>[]) =>
    rows
      .filter((r) => Object.entries(r).some(([k, v]) => !["chapterId", "x", "year", "restated"].includes(k) && Number(v) !== 0))
      .map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
  return { own: nonZero(own), subtree: nonZero(subtree) };
}

async function randomWrites(seed: number, count: number) {
  const r = seededRandom(seed);
  const today = todayInVietnam();
  const communes = await liveChapters(today, ["COMMUNE", "BRANCH", "AFFILIATED"]);
  for (let i = 0; i < count; i++) {
    const kind = r.int(0, 6);
    const chapterId = r.pick(communes);
    if (kind <= 1) {
      const person = await db().person.create({ data: { fullName: `Người thử ${seed}-${i}`, searchName: `nguoi thu ${seed}-${i}` } });
      const joinedOn = r.day("2023-01-01", "2026-11-01");
      const id = crypto.randomUUID();
      await db().membership.create({
        data: { id, personId: person.id, chapterId, kind: r.pick(["MEMBER", "MEMBER", "VOLUNTEER", "YOUTH", "STAFF"] as const), joinedOn, lineageId: id },
      });
    } else if (kind === 2) {
      const living = await db().membership.findMany({ where: { leftOn: null }, select: { id: true, joinedOn: true }, orderBy: { id: "asc" }, take: 400 });
      const m = r.pick(living);
      const leftOn = new Date(Math.min(today.getTime(), m.joinedOn.getTime() + r.int(1, 900) * 86_400_000));
      await db().membership.update({ where: { id: m.id }, data: { leftOn, endReason: "LEFT" } });
    } else if (kind === 3) {
      const members = await db().membership.findMany({ where: { kind: "MEMBER" }, select: { id: true }, orderBy: { id: "asc" }, take: 400 });
      await db().duesPayment.create({
        data: { membershipId: r.pick(members).id, year: r.pick([2024, 2025, 2026]), amount: BigInt(r.pick([6000, 12000, 24000, 30000])), paidOn: r.day("2024-01-01", "2026-11-01"), recordedBy: "test" },
      });
    } else if (kind === 4) {
      const members = await db().membership.findMany({ where: { kind: "MEMBER" }, select: { id: true }, orderBy: { id: "asc" }, take: 400 });
      await db().duesExemption.upsert({
        where: { membershipId_year: { membershipId: r.pick(members).id, year: r.pick([2024, 2025, 2026]) } },
        create: { membershipId: r.pick(members).id, year: r.pick([2024, 2025, 2026]), reason: "Hoàn cảnh khó khăn", recordedBy: "test" },
        update: {},
      }).catch(() => undefined);
      const year = r.pick([2024, 2025, 2026]);
      await db().duesPolicy.upsert({
        where: { chapterId_year: { chapterId, year } },
        create: { chapterId, year, amount: BigInt(r.pick([12000, 24000])) },
        update: { amount: BigInt(r.pick([12000, 24000, 36000])) },
      });
    } else if (kind === 5) {
      await db().fundEntry.create({
        data: { chapterId, entryDate: r.day("2023-01-01", "2026-11-20"), kind: r.pick(["INCOME", "SPENDING"] as const), amount: BigInt(r.int(1, 500) * 10_000), source: "Thử", recordedBy: "test" },
      });
    } else {
      const listedOn = r.day("2022-01-01", "2026-06-01");
      const org = await db().organisation.create({
        data: { chapterId, kind: r.pick(["SCHOOL", "HOSPITAL", "AGENCY", "ENTERPRISE"] as const), name: `Đơn vị ${seed}-${i}`, hasRedCross: false, listedOn },
      });
      if (r.int(0, 1)) await db().organisation.update({ where: { id: org.id }, data: { hasRedCross: true, redCrossSince: r.day("2024-01-01", "2026-11-01") } });
    }
  }
}

const meta = (date: string, note: string) => ({ effectiveDate: isoDate(date), decisionNumber: `THU-${note}`, note, recordedBy: "test" });

describe("ORG-REFORM figure rollups", () => {
  it("ORG-PEOPLE: the migration's generic part is exactly what core generates from the spec, and no later migration changes them", () => {
    const folder = new URL("../../prisma/organization/migrations/", import.meta.url);
    const migration = readFileSync(new URL("20261206120000_organization_rollups_generated/migration.sql", folder), "utf8");
    expect(migration).toContain(rollupSql(ORGANIZATION_ROLLUPS));
    // the one file shows the rollups as they run: nothing after it redefines a rollup function or table
    // the data version beside them (core's rollups/versioned.ts) is generated too, and is the one later migration that names them
    const version = "20261206220000_figure_version";
    expect(readFileSync(new URL(`${version}/migration.sql`, folder), "utf8")).toBe(figureVersionSql(ORGANIZATION_ROLLUPS));
    const later = readdirSync(folder).filter((name) => name > "20261206120000_organization_rollups_generated" && name !== version && !name.endsWith(".toml"));
    for (const name of later) expect(readFileSync(new URL(`${name}/migration.sql`, folder), "utf8")).not.toMatch(/rollup|Figures"/);
  });

  it("ORG-PEOPLE: the rollups are kept for every year with data and answer the figures", async () => {
    const years = (await db().$queryRaw<{ year: number }[]>`SELECT year FROM "OrganizationRollupYear" ORDER BY year`).map((r) => r.year);
    expect(years).toEqual(expect.arrayContaining(YEARS));
    await expectRollupsExact("after the demo seed");
  });

  it("ORG-TREE: the rollups answer nothing for a chapter outside the caller's slice, in either view, in a year of data or not", async () => {
    // the read's own gate, under the resolvers' checks: it once negated `A AND B` unparenthesised,
    // so Hải Phòng's slice read Bắc Ninh's figures as they were
    const roots = [await idOf("HP")];
    for (const code of ["BN", "TW"]) {
      const ids = [await idOf(code)];
      for (const year of [2024, 2025, 2026]) {
        for (const restated of [false, true]) {
          expect(await rollupFigures(db(), { ids, restated, roots, today: todayInVietnam() }, year), `${code} ${year} ${restated}`).toBeNull();
        }
      }
    }
    // and the same read answers inside the slice
    expect(await rollupFigures(db(), { ids: [await idOf("HP")], restated: false, roots, today: todayInVietnam() }, 2025)).not.toBeNull();
  });

  it("ORG-PEOPLE: the figures read from the rollups are planned once per connection, and the plan it keeps reads what the rows say", async () => {
    // planning this statement anew on every request cost more than running it (docs/benchmarks.md)
    const own = connectOrganizationDatabase(t.databaseUrl("organization"), { maxConnections: 1 });
    try {
      for (const restated of [false, true]) {
        const { ids, fromRows } = await bothWays(2025, restated);
        const base = { ids, restated, roots: [await idOf(DEMO.central)], today: todayInVietnam() };
        for (let i = 0; i < 8; i++) {
          const rolled = await rollupFigures(own.prisma, base, 2025);
          for (const id of ids) expect(rolled?.get(id), `${id} run ${i + 1}`).toEqual(fromRows.get(id));
        }
      }
      const plans = await own.prisma.$queryRaw<{ name: string; generic: number; custom: number }[]>`
        SELECT name, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name LIKE 'organization-figures-rollups%'`;
      // one statement per view (the text differs), each planned generically after PostgreSQL's five custom plans
      expect(plans).toHaveLength(2);
      for (const plan of plans) expect(plan, plan.name).toMatchObject({ custom: 5, generic: 3 });
    } finally {
      await own.close();
    }
  });

  it("ORG-DUES, ORG-FUND, ORG-COVERAGE: after random writes every figure equals its computation from the rows, in both views", async () => {
    await randomWrites(7, 120);
    await expectRollupsExact("after random writes");
  });

  it("ORG-REFORM: after a move, a merge and a dissolution the figures still equal the rows, and the kept rollups equal a rebuild", async () => {
    const today = todayInVietnam();
    const communes = await liveChapters(today, ["COMMUNE"]);
    const provinces = await liveChapters(today, ["PROVINCE"]);
    await db().$transaction((tx) => treeChanges.moveChapters(tx, [communes[0]!], provinces[1]!, meta("2026-02-01", "move")), { timeout: 60_000 });
    await db().$transaction((tx) => treeChanges.mergeChapters(tx, [communes[2]!], { intoId: communes[3]! }, meta("2026-03-01", "merge")), { timeout: 60_000 });
    const branches = await liveChapters(today, ["BRANCH"]);
    if (branches[0]) await db().$transaction((tx) => treeChanges.dissolveChapter(tx, branches[0]!, meta("2026-04-01", "dissolve")), { timeout: 60_000 });
    await randomWrites(11, 40);
    await expectRollupsExact("after tree changes");
    const kept = await rollupTables();
    await rebuildRollups(db());
    const rebuilt = await rollupTables();
    expect(kept.own).toEqual(rebuilt.own);
    expect(kept.subtree).toEqual(rebuilt.subtree);
  });

  /** 24 transactions at once on their own connections, each a fund line, a dues payment or a new
   * member in `communes[i % n]`, dated in `year`. */
  async function concurrentWriters(communes: string[], year: number, name: string): Promise<void> {
    const members = await db().membership.findMany({ where: { kind: "MEMBER", leftOn: null }, select: { id: true }, take: 8 });
    const pool = new pg.Pool({ connectionString: t.databaseUrl("organization"), max: 12, options: "-c search_path=organization" });
    try {
      await Promise.all(
        Array.from({ length: 24 }, async (_v, i) => {
          const client = await pool.connect();
          const commune = communes[i % communes.length]!;
          try {
            await client.query("BEGIN");
            if (i % 3 === 0) {
              await client.query(`INSERT INTO "FundEntry" (id, "chapterId", "entryDate", kind, amount, source, "recordedBy") VALUES (gen_random_uuid(), $1, '${year}-05-0${(i % 9) + 1}', 'INCOME', $2, 'Song song', 'test')`, [commune, 10_000 * (i + 1)]);
            } else if (i % 3 === 1) {
              await client.query(`INSERT INTO "DuesPayment" (id, "membershipId", year, amount, "paidOn", "recordedBy") VALUES (gen_random_uuid(), $1, ${year}, 6000, '${year}-05-01', 'test')`, [members[i % members.length]!.id]);
            } else {
              const person = await client.query(`INSERT INTO "Person" (id, "fullName", "searchName") VALUES (gen_random_uuid(), '${name} ${i}', '${name.toLowerCase()} ${i}') RETURNING id`);
              await client.query(`INSERT INTO "Membership" (id, "personId", "chapterId", kind, "joinedOn", "lineageId") VALUES ($1, $2, $3, 'MEMBER', '${year}-05-01', $1)`, [crypto.randomUUID(), person.rows[0].id, commune]);
            }
            await client.query("COMMIT");
          } finally {
            client.release();
          }
        }),
      );
    } finally {
      await pool.end();
    }
  }

  it("ORG-DUES: 24 concurrent writers in one commune (payments, fund lines, members) lose nothing", async () => {
    await concurrentWriters([(await liveChapters(todayInVietnam(), ["COMMUNE"]))[4]!], 2026, "Song song");
    await expectRollupsExact("after concurrent writers");
  });

  it("ORG-DUES: concurrent writers and readers sharing the figure cache: once every write has committed, every figure read equals the rows", async () => {
    const cache = figureCacheFor(db(), ORGANIZATION_ROLLUPS);
    const ids = await everyChapter();
    const roots = [await idOf(DEMO.central)];
    const hits = cache.hits;
    let writing = true;
    const writers = concurrentWriters((await liveChapters(todayInVietnam(), ["COMMUNE"])).slice(0, 6), 2025, "Song song đọc").finally(() => (writing = false));
    // readers on the subgraph's own client (its cache), both views, while the writers run
    const readers = Array.from({ length: 3 }, async (_v, k) => {
      do {
        for (const restated of [false, true]) await rollupFigures(db(), { ids, restated, roots, today: todayInVietnam() }, 2025 + (k % 2));
      } while (writing);
    });
    await Promise.all([writers, ...readers]);
    // the cache was in use: reads were served from it while the writers ran
    expect(cache.hits).toBeGreaterThan(hits);
    for (const restated of [false, true]) {
      for (const year of [2025, 2026]) {
        const { rolled, fromRows } = await bothWays(year, restated);
        expect(rolled).not.toBeNull();
        for (const id of ids) expect(rolled!.get(id), `${id} ${year} ${restated ? "restated" : "as it was"}`).toEqual(fromRows.get(id));
      }
    }
  });

  it("ORG-REFORM: a reform recorded ahead of its date sends the running year to the rows until it takes effect, and stays exact", async () => {
    const today = todayInVietnam();
    if (today.getUTCMonth() === 11 && today.getUTCDate() >= 30) return; // no day left in the year to date it on
    const ahead = new Date(today.getTime() + 86_400_000);
    const communes = await liveChapters(today, ["COMMUNE"]);
    const provinces = await liveChapters(today, ["PROVINCE"]);
    await db().$transaction((tx) => treeChanges.moveChapters(tx, [communes[5]!], provinces[2]!, { ...meta("2026-01-01", "ahead"), effectiveDate: ahead }), { timeout: 60_000 });
    const year = today.getUTCFullYear();
    const now = await bothWays(year, false);
    expect(now.rolled).toBeNull();
    // the day it takes effect, the rollups answer again (as it was) and equal the rows of that day
    const later = await bothWays(year, false, ahead);
    expect(later.rolled).not.toBeNull();
    for (const id of later.ids) expect(later.rolled!.get(id)).toEqual(later.fromRows.get(id));
    // the restated mapping described the day before: readers use the rows until it is rebuilt
    expect((await bothWays(year, true, ahead)).rolled).toBeNull();
    // earlier years do not depend on it
    expect((await bothWays(year - 1, false)).rolled).not.toBeNull();
  });
});
