// BL-TARGETS through the gateway: a province's chapters with units, repeat rate and population
// share against target, checked against a from-scratch computation on the blood tables and the
// replica closure; statement counts that do not grow with rows; the tree replica following a
// change recorded in the organization subgraph.
import type { BloodPrisma } from "@chapters/blood";
import { signInternalIdentity } from "@chapters/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: BloodPrisma;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await startTestStack();
  db = t.stack.services.blood!.database.prisma as BloodPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const INDICATORS = `units donations repeatDonations repeatRatePercent donors population populationSharePercent organRegistrations`;
const DASHBOARD = `query($y: Int!, $asOf: Date!) { chapter(code: "BN", asOf: $asOf) { id code bloodFigures(year: $y) { ${INDICATORS} }
  children(first: 100) { nodes { id code name bloodFigures(year: $y) { ${INDICATORS} } } } } }`;

interface Expected {
  units: number;
  donations: number;
  repeatDonations: number;
  donors: number;
}

/** The figures recomputed in the test from raw rows: a donation counts for a chapter when the
 * replica's closure put its chapter under that one on the donation day; a donation is a repeat
 * when the same donor gave on an earlier day. */
async function independentFigures(chapterIds: string[], year: number): Promise<Map<string, Expected>> {
  const closure = await db.$queryRaw<{ a: string; d: string; from: Date; to: Date | null }[]>`
    SELECT "ancestorId"::text AS a, "descendantId"::text AS d, "validFrom" AS "from", "validTo" AS "to" FROM "TreeClosure"`;
  const all = await db.$queryRaw<{ donor: string; chapter: string; on: Date; units: number }[]>`
    SELECT "donorId"::text AS donor, "chapterId"::text AS chapter, "donatedOn" AS on, units::float8 AS units FROM "Donation"`;
  const firstDay = new Map<string, number>();
  for (const d of all) firstDay.set(d.donor, Math.min(firstDay.get(d.donor) ?? Infinity, d.on.getTime()));
  const result = new Map<string, Expected>();
  for (const id of chapterIds) {
    const mine = all.filter(
      (d) =>
        d.on.getUTCFullYear() === year &&
        closure.some((c) => c.a === id && c.d === d.chapter && c.from <= d.on && (c.to === null || d.on < c.to)),
    );
    result.set(id, {
      units: mine.reduce((sum, d) => sum + d.units, 0),
      donations: mine.length,
      repeatDonations: mine.filter((d) => d.on.getTime() > firstDay.get(d.donor)!).length,
      donors: new Set(mine.map((d) => d.donor)).size,
    });
  }
  return result;
}

/** BL-TARGETS population, recomputed: the chapter's own row on `on`, else the sum of the rows
 * below it that no row between them already covers. */
async function independentPopulation(chapterId: string, year: number, on: Date): Promise<number | null> {
  const closure = await db.$queryRaw<{ a: string; d: string; depth: number }[]>`
    SELECT "ancestorId"::text AS a, "descendantId"::text AS d, depth FROM "TreeClosure" WHERE "validFrom" <= ${on}::date AND ("validTo" IS NULL OR "validTo" > ${on}::date)`;
  const rows = new Map((await db.chapterPopulation.findMany({ where: { year } })).map((x) => [x.chapterId, x.population]));
  const below = (a: string) => closure.filter((c) => c.a === a).map((c) => c.d);
  const under = new Set(below(chapterId));
  let total: number | null = null;
  for (const d of under) {
    if (!rows.has(d)) continue;
    const covered = closure.some((c) => c.d === d && c.depth >= 1 && under.has(c.a) && rows.has(c.a));
    if (!covered) total = (total ?? 0) + rows.get(d)!;
  }
  return total;
}

describe("BL-TARGETS dashboard: a province's chapters against target, through the gateway", () => {
  for (const year of [2024, 2025, 2026]) {
    it(`BL-TARGETS: Bắc Ninh and its chapters in ${year} match an independent computation`, async () => {
      // the tree as it stood at the end of the year (or today): before the reform, its districts
      const asOf = year < 2026 ? `${year}-12-31` : (await db.$queryRaw<{ d: string }[]>`SELECT to_char(now()::date, 'YYYY-MM-DD') AS d`)[0]!.d;
      const res = await t.query(DASHBOARD, { y: year, asOf }, { chapter: "BN", role: "OFFICER" });
      expect(res.errors).toBeUndefined();
      const rows = [res.data.chapter, ...res.data.chapter.children.nodes] as { id: string; code: string; bloodFigures: any }[];
      const expected = await independentFigures(
        rows.map((r) => r.id),
        year,
      );
      let rolledUp = 0;
      let withDonations = 0;
      for (const row of rows) {
        const got = row.bloodFigures;
        const want = expected.get(row.id)!;
        expect({ code: row.code, units: got.units, donations: got.donations, repeats: got.repeatDonations, donors: got.donors }).toEqual({
          code: row.code,
          units: expect.closeTo(want.units, 6),
          donations: want.donations,
          repeats: want.repeatDonations,
          donors: want.donors,
        });
        expect(got.repeatRatePercent).toBe(want.donations ? Math.round((want.repeatDonations / want.donations) * 1_000_000) / 10_000 : null);
        const population = await independentPopulation(row.id, year, new Date(`${asOf}T00:00:00Z`));
        expect({ code: row.code, population: got.population }).toEqual({ code: row.code, population });
        expect(got.populationSharePercent).toBe(population ? Math.round((want.donors / population) * 1_000_000) / 10_000 : null);
        if (population !== null && !(await db.chapterPopulation.findFirst({ where: { chapterId: row.id, year } }))) rolledUp += 1;
        if (want.donations > 0) withDonations += 1;
      }
      // the comparison is only worth something if the province and several chapters collected blood
      expect(withDonations).toBeGreaterThanOrEqual(3);
      // before the reform the Từ Sơn district has no population row of its own: it sums its wards
      if (year === 2024) expect(rolledUp).toBeGreaterThanOrEqual(1);
    });
  }

  it("BL-TARGETS: the province's figure is the sum of the chapters that stood below it, year by year (rolled up the tree)", async () => {
    const res = await t.query(`{ chapter(code: "BN") { bloodFigures(year: 2024) { units donations } } }`, {}, { chapter: "BN", role: "OFFICER" });
    const oldWards = ["BN.TS.DNG", "BN.TS.THG", "BN.TS.PKE", "BN.TS.CKE", "BN.TS.TSO", "BN.TD.LIM"].map((c) => ids.get(c)!);
    const [row] = await db.$queryRaw<{ units: number; n: number }[]>`
      SELECT coalesce(sum(units), 0)::float8 AS units, count(*)::int AS n FROM "Donation"
      WHERE "chapterId" = ANY(${oldWards}::uuid[]) AND "donatedOn" >= '2024-01-01' AND "donatedOn" < '2025-01-01'`;
    expect(row!.n).toBeGreaterThan(0);
    // in 2024 Bắc Giang was still a province of its own: its wards do not count under Bắc Ninh
    expect(res.data.chapter.bloodFigures).toEqual({ units: expect.closeTo(row!.units, 6), donations: row!.n });
  });

  it("BL-TARGETS: the blood subgraph itself gives no figures for a chapter outside the caller's slice", async () => {
    const ask = async (chapterCode: string, role: "OFFICER" | "ADMIN") => {
      const identity = await signInternalIdentity({ subject: "test", chapterCode, role, grants: [] }, "blood");
      const response = await fetch(t.stack.services.blood!.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-chapters-identity": identity },
        body: JSON.stringify({
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Chapter { bloodFigures(year: 2025) { units } } } }`,
          variables: { r: [{ __typename: "Chapter", id: ids.get("HP") }] },
        }),
      });
      return ((await response.json()) as any).data._entities[0].bloodFigures;
    };
    expect((await ask("TW", "ADMIN")).units).toBeGreaterThan(0);
    expect(await ask("BN", "OFFICER")).toBeNull();
  });
});

describe("statement counts do not grow with the rows returned", () => {
  const DONORS = `query($n: Int!) { donors(first: $n, chapterCode: "BN") { totalCount nodes {
    id fullName bloodGroup chapter { code name } clubs { club clubLabel } donationCount lastDonatedOn nextEligibleOn
    eligibility { eligible eligibleOn } mergedRecords donations(first: 3) { totalCount nodes { donatedOn typeLabel units chapter { code } } } } } }`;
  const CHAPTERS = `query($n: Int!) { chapters(first: $n, asOf: "2024-12-31") { nodes { code bloodFigures(year: 2025) { units repeatRatePercent populationSharePercent } } } }`;

  beforeAll(async () => {
    // 200 more donors, each with three donations, so a page of 200 is full
    const chapterId = ids.get("BN.PPK")!;
    const donors = Array.from({ length: 200 }, (_, i) => ({ chapterId, fullName: `Phan Văn Số ${i}`, phone: `0966${String(i).padStart(6, "0")}`, abo: "A" as const, rh: "POSITIVE" as const }));
    await db.donor.createMany({ data: donors });
    const created = await db.donor.findMany({ where: { fullName: { startsWith: "Phan Văn Số" } }, select: { id: true } });
    await db.donation.createMany({
      data: created.flatMap((d) =>
        ["2025-08-01", "2025-11-01", "2026-02-01"].map((day, k) => ({
          donorId: d.id, chapterId, donatedOn: new Date(`${day}T00:00:00Z`), typeCode: "WHOLE_BLOOD", volumeMl: 250, units: 1, isFirst: k === 0, recordedBy: "test",
        })),
      ),
    });
    await db.donorClubMember.createMany({ data: created.map((d) => ({ donorId: d.id, club: "RESERVE" as const, joinedOn: new Date("2025-08-01") })) });
  });

  async function statements(query: string, n: number, as: { chapter: string; role: "OFFICER" | "ADMIN" }, list: (data: any) => unknown[]) {
    const before = t.statements("blood");
    const res = await t.query(query, { n }, as);
    expect(res.errors).toBeUndefined();
    return { statements: t.statements("blood") - before, rows: list(res.data).length };
  }

  it("lists 10 and 200 donors with chapter, clubs, eligibility and donations in the same number of statements", async () => {
    const officer = { chapter: "BN", role: "OFFICER" as const };
    await statements(DONORS, 5, officer, (d) => d.donors.nodes);
    const small = await statements(DONORS, 10, officer, (d) => d.donors.nodes);
    const large = await statements(DONORS, 200, officer, (d) => d.donors.nodes);
    expect([small.rows, large.rows]).toEqual([10, 200]);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(10);
  });

  it("lists 10 and every chapter (over 80) with their blood indicators in the same number of statements", async () => {
    const admin = { chapter: "TW", role: "ADMIN" as const };
    await statements(CHAPTERS, 5, admin, (d) => d.chapters.nodes);
    const small = await statements(CHAPTERS, 10, admin, (d) => d.chapters.nodes);
    const large = await statements(CHAPTERS, 1000, admin, (d) => d.chapters.nodes);
    expect(small.rows).toBe(10);
    expect(large.rows).toBeGreaterThan(80);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(4);
  });
});

describe("statement counts in the restated view", () => {
  it("ORG-REFORM: 10 and every chapter with restated blood figures and population cost the same number of statements", async () => {
    const RESTATED = `query($n: Int!) { chapters(first: $n) { nodes { code bloodFigures(year: 2024, restated: true) { units population } } } }`;
    const admin = { chapter: "TW", role: "ADMIN" as const };
    const run = async (n: number) => {
      const before = t.statements("blood");
      const res = await t.query(RESTATED, { n }, admin);
      expect(res.errors).toBeUndefined();
      return { statements: t.statements("blood") - before, rows: res.data.chapters.nodes.length as number };
    };
    await run(5);
    const small = await run(10);
    const large = await run(1000);
    expect(small.rows).toBe(10);
    expect(large.rows).toBeGreaterThan(40);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(3);
  });
});

describe("the blood slice follows the organization's tree (replica catch-up)", () => {
  it("ORG-REFORM: after a merge recorded in organization, the successor ward's officer sees the merged ward's donors", async () => {
    const wardOfficer = { chapter: "BN.PTS", role: "OFFICER" as const };
    const count = async () => (await t.query(`{ donors(first: 1) { totalCount } }`, {}, wardOfficer)).data.donors.totalCount as number;
    const own = await count();
    const merged = await db.donor.count({ where: { chapterId: ids.get("BN.PPK"), mergedIntoId: null } });
    expect(merged).toBeGreaterThan(0);
    const res = await t.query(
      `mutation($ids: [ID!]!, $into: ID!) { mergeChapters(chapterIds: $ids, intoId: $into, basis: { effectiveDate: "2026-10-01", decisionNumber: "9/QĐ-TEST" }) { id } }`,
      { ids: [ids.get("BN.PPK")], into: ids.get("BN.PTS") },
      { chapter: "TW", role: "ADMIN" },
    );
    expect(res.errors).toBeUndefined();
    await t.stack.services.blood!.caughtUp?.();
    expect(await count()).toBe(own + merged);
    const succession = await db.treeSuccession.findFirst({ where: { predecessorId: ids.get("BN.PPK"), successorId: ids.get("BN.PTS") } });
    expect(succession?.kind).toBe("MERGE");
  });
});
