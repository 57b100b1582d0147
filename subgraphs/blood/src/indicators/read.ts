// BL-TARGETS, ORG-REFORM: actual blood figures per chapter and year, rolled up the tree, in the
// two views every domain offers:
//   - as it was (restated = false): a donation (or organ registration) counts for every chapter
//     that stood above its chapter on the day it happened, so a year's figures stay as reported;
//   - restated (restated = true): today's tree, a donation counting where its chapter's history
//     went (core's history.ts, the definition organization uses too), so An Giang's 2024
//     includes Kiên Giang and a new ward's 2024 includes the wards merged into it.
// Population follows the same view (population.ts). Rates are computed from counts: repeat
// rate = donations by donors who had given before / all donations; population share = distinct
// donors in the year / population. Targets are not here: organization's catalogue holds them.
import { deltaRollupsAnswer, prepared, raw, replicaTables, requestLoader, restatedPairs, sql, todayInVietnam } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import { inSlice, inSliceDuring, sliceRoots } from "../access/slice.ts";
import { populationSql } from "./population.ts";
import { BLOOD_ROLLUPS } from "./rollup-spec.ts";

export interface BloodIndicators {
  chapterId: string;
  year: number;
  restated: boolean;
  units: number;
  donations: number;
  repeatDonations: number;
  donors: number;
  organRegistrations: number;
  population: number | null;
}

/** One statement for every chapter asked about; chapters outside the caller's slice get nothing
 * (as it was: in the slice some day of the year, or today; restated: in the slice today). */
export async function indicatorsFor(ctx: BloodContext, chapterIds: readonly string[], year: number, restated: boolean): Promise<Map<string, BloodIndicators>> {
  return (await indicatorsFromRollups(ctx, chapterIds, year, restated)) ?? indicatorsFromRows(ctx, chapterIds, year, restated);
}

/** Which chapters asked for the caller may see (as it was: in the slice some day of the year, or
 * today; restated: in the slice today) — a chapter of today's slice answers for any year (zeros
 * before it existed, as organization does). */
function visibleSql(roots: string[], year: number, restated: boolean, today: Date) {
  const from = sql`make_date(${year}::int, 1, 1)`;
  const to = sql`make_date(${year + 1}::int, 1, 1)`;
  return restated ? inSlice('"x"."id"', roots, today) : sql`(${inSliceDuring('"x"."id"', roots, from, to)} OR ${inSlice('"x"."id"', roots, today)})`;
}

/** From the rollups (one statement), or null when they cannot answer: not kept (a bulk load, a
 * tree change being summed again), or, restated, a tree change has taken effect since the
 * restated mapping was built. The same figures as indicatorsFromRows, which stays their
 * definition (test/blood/rollups.test.ts). */
export async function indicatorsFromRollups(ctx: BloodContext, chapterIds: readonly string[], year: number, restated: boolean): Promise<Map<string, BloodIndicators> | null> {
  const roots = await sliceRoots(ctx);
  const today = todayInVietnam();
  // planned once per connection (core's prepared.ts): planning it cost more than running it
  const rows = await ctx.prisma.$queryRaw<(BloodIndicators & { ok: boolean })[]>(prepared("blood-indicators-rollups", sql`
    WITH gate AS (SELECT ${deltaRollupsAnswer(BLOOD_ROLLUPS, restated, today)} AS ok), asked AS (
      SELECT x.id FROM unnest(${[...chapterIds]}::uuid[]) AS x(id) WHERE ${visibleSql(roots, year, restated, today)}
    ), people AS ${populationSql({ ids: chapterIds, year, restated, today })}
    SELECT g.ok, a.id::text AS "chapterId", ${year}::int AS year, ${restated}::boolean AS restated,
      coalesce(b.units, 0)::float8 AS units, coalesce(b.donations, 0)::int AS donations, coalesce(b.repeats, 0)::int AS "repeatDonations",
      coalesce(b.donors, 0)::int AS donors, coalesce(b.organ, 0)::int AS "organRegistrations", p.population::int AS population
    FROM gate g CROSS JOIN asked a
    LEFT JOIN ${raw(`"${BLOOD_ROLLUPS.subtree}"`)} b ON g.ok AND b.x = a.id AND b.year = ${year}::int AND b.restated = ${restated}
    LEFT JOIN people p ON p.x = a.id
    UNION ALL SELECT g.ok, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM gate g WHERE NOT g.ok`));
  if (rows.some((r) => !r.ok)) return null;
  return new Map(rows.map(({ ok: _ok, ...r }) => [r.chapterId, r]));
}

/** From the rows: the definition. */
export async function indicatorsFromRows(ctx: BloodContext, chapterIds: readonly string[], year: number, restated: boolean): Promise<Map<string, BloodIndicators>> {
  const roots = await sliceRoots(ctx);
  const today = todayInVietnam();
  const from = sql`make_date(${year}::int, 1, 1)`;
  const to = sql`make_date(${year + 1}::int, 1, 1)`;
  const visible = visibleSql(roots, year, restated, today);
  // restated: where each chapter's history went (today's tree); as it was: the closure row in
  // force on the day the row is dated
  const scope = restated ? sql`${restatedPairs(replicaTables, { ids: chapterIds, roots, today })} s` : sql`"TreeClosure" s`;
  const counts = (day: string) =>
    restated
      ? sql`TRUE`
      : sql`s."ancestorId" IN (SELECT id FROM asked) AND ${raw(day)} >= s."validFrom" AND (s."validTo" IS NULL OR ${raw(day)} < s."validTo")`;
  const x = restated ? sql`s.x` : sql`s."ancestorId"`;
  const c = restated ? sql`s.c` : sql`s."descendantId"`;
  const rows = await ctx.prisma.$queryRaw<BloodIndicators[]>(sql`
    WITH asked AS (
      SELECT x.id FROM unnest(${[...chapterIds]}::uuid[]) AS x(id) WHERE ${visible}
    ), given AS (
      SELECT ${x} AS id, sum(d.units) AS units, count(*) AS donations, count(*) FILTER (WHERE NOT d."isFirst") AS repeats,
        count(DISTINCT d."donorId") AS donors
      FROM ${scope} JOIN "Donation" d ON d."chapterId" = ${c}
      WHERE ${counts('d."donatedOn"')} AND d."donatedOn" >= ${from} AND d."donatedOn" < ${to}
      GROUP BY 1
    ), organ AS (
      SELECT ${x} AS id, count(*) AS n
      FROM ${scope} JOIN "OrganRegistration" o ON o."chapterId" = ${c}
      WHERE ${counts('o."registeredOn"')} AND o."registeredOn" >= ${from} AND o."registeredOn" < ${to}
      GROUP BY 1
    ), people AS ${populationSql({ ids: chapterIds, year, restated, today })}
    SELECT a.id::text AS "chapterId", ${year}::int AS year, ${restated}::boolean AS restated,
      coalesce(g.units, 0)::float8 AS units, coalesce(g.donations, 0)::int AS donations, coalesce(g.repeats, 0)::int AS "repeatDonations",
      coalesce(g.donors, 0)::int AS donors, coalesce(o.n, 0)::int AS "organRegistrations", p.population::int AS population
    FROM asked a
    LEFT JOIN given g ON g.id = a.id
    LEFT JOIN organ o ON o.id = a.id
    LEFT JOIN people p ON p.x = a.id`);
  return new Map(rows.map((r) => [r.chapterId, r]));
}

export function indicatorsLoader(ctx: BloodContext, year: number, restated: boolean) {
  return requestLoader<string, BloodIndicators | null>(ctx, `indicators@${year}|${restated}`, async (ids) => {
    const found = await indicatorsFor(ctx, ids, year, restated);
    return ids.map((id) => found.get(id) ?? null);
  });
}

export const percent = (part: number, whole: number | null): number | null =>
  whole ? Math.round((part / whole) * 100 * 10_000) / 10_000 : null;
