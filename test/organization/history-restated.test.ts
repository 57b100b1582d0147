// ORG-REFORM (docs/domain.md §1): every domain offers both views of a year — as it was, and restated
// onto today's tree — with one definition of where a chapter's history went, so organization
// and blood never disagree. For An Giang (Kiên Giang merged into it) and a new ward of Bắc Ninh
// (four wards merged into it), the figures of both subgraphs, their targets and the population
// are compared with a computation written here from the organization's raw tables (versions,
// successions) and the blood rows, independently of the resolvers and of core's history SQL.
import type { BloodPrisma } from "@chapters/blood";
import { DEMO, sharedTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
let blood: BloodPrisma;
const admin = { chapter: DEMO.central, role: "ADMIN" as const };
const org = () => t.stack.organization.database.prisma;

interface Tree {
  ids: Map<string, string>;
  /** where each chapter's history went today (merge → successor, else the parent on its last day) */
  destination: (id: string) => string | null;
  subtree: (id: string, on: string) => Set<string>;
  /** the chapter and every chapter merged into it, directly or not */
  merged: (id: string) => Set<string>;
}

let tree: Tree;

async function readTree(): Promise<Tree> {
  const chapters = await org().$queryRawUnsafe<{ id: string; code: string; endedOn: Date | null; endKind: string | null }[]>(
    `SELECT id::text AS id, code, "endedOn", "endKind"::text AS "endKind" FROM "Chapter"`,
  );
  const versions = await org().$queryRawUnsafe<{ chapterId: string; parentId: string | null; validFrom: Date; validTo: Date | null }[]>(
    `SELECT "chapterId"::text AS "chapterId", "parentId"::text AS "parentId", "validFrom", "validTo" FROM "ChapterVersion"`,
  );
  const successions = await org().$queryRawUnsafe<{ p: string; s: string }[]>(
    `SELECT "predecessorId"::text AS p, "successorId"::text AS s FROM "ChapterSuccession" WHERE kind::text = 'MERGE'`,
  );
  const byId = new Map(chapters.map((c) => [c.id, c]));
  const destination = (id: string): string | null => {
    const c = byId.get(id)!;
    if (!c.endedOn) return id;
    const next =
      c.endKind === "MERGE"
        ? successions.find((s) => s.p === id)?.s
        : versions.find((v) => v.chapterId === id && v.validTo?.getTime() === c.endedOn!.getTime())?.parentId;
    return next ? destination(next) : null;
  };
  const subtree = (id: string, on: string): Set<string> => {
    const day = new Date(`${on}T00:00:00Z`);
    const live = versions.filter((v) => v.validFrom <= day && (v.validTo === null || v.validTo > day));
    const found = new Set<string>(live.some((v) => v.chapterId === id) ? [id] : []);
    for (let grew = true; grew; ) {
      grew = false;
      for (const v of live) if (v.parentId && found.has(v.parentId) && !found.has(v.chapterId)) (found.add(v.chapterId), (grew = true));
    }
    return found;
  };
  const merged = (id: string): Set<string> => {
    const found = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of successions) if (found.has(s.s) && !found.has(s.p)) (found.add(s.p), (grew = true));
    }
    return found;
  };
  return { ids: new Map(chapters.map((c) => [c.code, c.id])), destination, subtree, merged };
}

beforeAll(async () => {
  t = await sharedTestStack();
  blood = t.stack.services.blood!.database.prisma as BloodPrisma;
  tree = await readTree();
});
afterAll(async () => t?.stop());

const TODAY = new Date().toISOString().slice(0, 10);
const referenceDay = (year: number) => (`${year}-12-31` < TODAY ? `${year}-12-31` : TODAY);

/** The chapters whose rows count for `code` in a view: as it was, its subtree on the reference
 * date; restated, every chapter whose history went into its subtree today. */
function chaptersCounted(code: string, year: number, restated: boolean): string[] {
  const id = tree.ids.get(code)!;
  if (!restated) return [...tree.subtree(id, referenceDay(year))];
  const today = tree.subtree(id, TODAY);
  return [...tree.ids.values()].filter((c) => {
    const dest = tree.destination(c);
    return dest !== null && today.has(dest);
  });
}

async function expectedFigures(code: string, year: number, restated: boolean) {
  const ids = chaptersCounted(code, year, restated);
  const day = referenceDay(year);
  const [people] = await org().$queryRawUnsafe<{ members: number; balance: number }[]>(
    `SELECT (SELECT count(*)::int FROM "Membership" WHERE kind::text = 'MEMBER' AND "chapterId" = ANY($1::uuid[])
               AND "joinedOn" <= $2::date AND ("leftOn" IS NULL OR "leftOn" > $2::date)) AS members,
            (SELECT coalesce(sum(CASE WHEN kind::text IN ('INCOME','TRANSFER_IN') THEN amount ELSE -amount END), 0)::float8
               FROM "FundEntry" WHERE "chapterId" = ANY($1::uuid[]) AND "entryDate" <= $2::date) AS balance`,
    ids,
    day,
  );
  // as it was, a donation counts where its chapter stood on the donation day: in a year no
  // reform cut (2024) that is the tree of the reference date
  const [given] = await blood.$queryRawUnsafe<{ units: number; donations: number }[]>(
    `SELECT coalesce(sum(units), 0)::float8 AS units, count(*)::int AS donations FROM "Donation"
     WHERE "chapterId" = ANY($1::uuid[]) AND "donatedOn" >= make_date($2, 1, 1) AND "donatedOn" < make_date($2 + 1, 1, 1)`,
    ids,
    year,
  );
  // targets and population: the chapter's own rows, restated plus those of the chapters merged into it
  const holders = restated ? [...tree.merged(tree.ids.get(code)!)] : [tree.ids.get(code)!];
  const [target] = await org().$queryRawUnsafe<{ units: number | null }[]>(
    `SELECT sum(value)::float8 AS units FROM "Target" WHERE "chapterId" = ANY($1::uuid[]) AND "indicatorCode" = 'blood.units' AND year = $2`,
    holders,
    year,
  );
  const [population] = await blood.$queryRawUnsafe<{ n: number | null }[]>(
    `SELECT sum(population)::int AS n FROM "ChapterPopulation" WHERE "chapterId" = ANY($1::uuid[]) AND year = $2`,
    holders,
    year,
  );
  return { members: people!.members, balance: people!.balance, units: given!.units, donations: given!.donations, unitsTarget: target!.units, population: population!.n };
}

const BOTH = `query($c: String!, $y: Int!, $r: Boolean!) { chapter(code: $c) {
  figures(year: $y, restated: $r) { restated members { members } fund { subtreeBalance } }
  organizationIndicators(year: $y, restated: $r) { indicatorCode actual }
  bloodFigures(year: $y, restated: $r) { restated units donations population populationSharePercent donors }
  bloodIndicators(year: $y, restated: $r) { indicatorCode actual target { value restated } } } }`;

async function both(code: string, year: number, restated: boolean) {
  const res = await t.query(BOTH, { c: code, y: year, r: restated }, admin);
  expect(res.errors).toBeUndefined();
  const c = res.data.chapter;
  const units = c.bloodIndicators.find((i: { indicatorCode: string }) => i.indicatorCode === "blood.units");
  return {
    members: c.figures.members.members,
    balance: c.figures.fund.subtreeBalance,
    membersIndicator: c.organizationIndicators.find((i: { indicatorCode: string }) => i.indicatorCode === "org.members").actual,
    units: c.bloodFigures.units,
    unitsIndicator: units.actual,
    donations: c.bloodFigures.donations,
    unitsTarget: units.target?.value ?? null,
    population: c.bloodFigures.population,
    views: [c.figures.restated, c.bloodFigures.restated, units.target?.restated ?? restated],
  };
}

describe("ORG-REFORM both views in organization and blood, one history", () => {
  for (const [code, year] of [[DEMO.anGiang, 2024], [DEMO.newTuSonWard, 2024], [DEMO.newTuSonWard, 2025]] as const) {
    for (const restated of [false, true]) {
      it(`ORG-REFORM: ${code} ${year} ${restated ? "restated" : "as it was"} — members, fund, blood units, targets and population equal the independent computation`, async () => {
        const got = await both(code, year, restated);
        const want = await expectedFigures(code, year, restated);
        expect(got.views).toEqual([restated, restated, restated]);
        expect(got.members).toBe(want.members);
        expect(got.membersIndicator).toBe(want.members);
        expect(got.balance).toBe(want.balance);
        if (year === 2024 || restated) {
          expect(got.units).toBeCloseTo(want.units, 6);
          expect(got.donations).toBe(want.donations);
        }
        expect(got.unitsIndicator).toBeCloseTo(got.units, 6);
        expect(got.unitsTarget).toBe(want.unitsTarget);
        expect(got.population).toBe(want.population);
      });
    }
  }

  it("ORG-REFORM: An Giang's restated 2024 includes Kiên Giang — its units, its blood target and its population", async () => {
    const asWas = await both(DEMO.anGiang, 2024, false);
    const restated = await both(DEMO.anGiang, 2024, true);
    const kgFigures = await t.query(`{ chapter(code: "KG", asOf: "2024-12-31") { bloodFigures(year: 2024) { units population } } }`, {}, admin);
    const kgUnits = kgFigures.data.chapter.bloodFigures.units as number;
    expect(kgUnits).toBeGreaterThan(0);
    expect(restated.units).toBeCloseTo(asWas.units + kgUnits, 6);
    expect(restated.population).toBe(asWas.population + kgFigures.data.chapter.bloodFigures.population);
    expect(restated.unitsTarget).toBe(11_000 + 23_100);
    expect(asWas.unitsTarget).toBe(11_000);
  });

  it("ORG-REFORM: a new Bắc Ninh ward's restated 2025 counts the whole year, its merged wards' January–June included", async () => {
    const asWas = await both(DEMO.newTuSonWard, 2025, false);
    const restated = await both(DEMO.newTuSonWard, 2025, true);
    const predecessors = [...tree.merged(tree.ids.get(DEMO.newTuSonWard)!)];
    const [firstHalf] = await blood.$queryRawUnsafe<{ units: number }[]>(
      `SELECT coalesce(sum(units), 0)::float8 AS units FROM "Donation" WHERE "chapterId" = ANY($1::uuid[]) AND "donatedOn" >= '2025-01-01' AND "donatedOn" < '2025-07-01'`,
      predecessors,
    );
    expect(firstHalf!.units).toBeGreaterThan(0);
    expect(restated.units).toBeCloseTo(asWas.units + firstHalf!.units, 6);
  });

  it("ORG-REFORM: the dashboard of docs/api.md asks both views side by side in one request, and for a new ward restated counts more blood than as it was", async () => {
    const res = await t.query(README_DASHBOARD, {}, admin);
    expect(res.errors).toBeUndefined();
    const ward = res.data.chapter.children.nodes.find((n: { name: string }) => n.name.endsWith("phường Từ Sơn"));
    const units = (list: { indicatorCode: string; actual: number }[]) => list.find((i) => i.indicatorCode === "blood.units")!.actual;
    expect(units(ward.bloodRestated)).toBeGreaterThan(units(ward.bloodAsItWas));
    expect(ward.bloodRestated.every((i: { target: { restated: boolean } | null }) => i.target === null || i.target.restated)).toBe(true);
  });
});

/** The dashboard example of docs/api.md ("A dashboard across domains"): its organization and blood fields, verbatim. */
const README_DASHBOARD = `{
  chapter(code: "BN") {
    children(first: 50, levels: [COMMUNE]) {
      nodes {
        name
        asItWas: figures(year: 2025) { members { members growth } dues { rate belowThreshold } fund { balance target } coverage { rate target } }
        restated: figures(year: 2025, restated: true) { members { members growth } dues { rate } fund { balance } }
        bloodAsItWas: bloodIndicators(year: 2025) { indicatorCode actual target { value maxValue } }
        bloodRestated: bloodIndicators(year: 2025, restated: true) { indicatorCode actual target { value restated } }
        population: bloodFigures(year: 2025, restated: true) { population populationSharePercent }
      }
    }
  }
}`;
