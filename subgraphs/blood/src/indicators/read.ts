// BL-TARGETS: target and actual per chapter and year, rolled up the tree. A donation (or organ
// registration) counts for every chapter that stood above its chapter on the day it happened,
// so a year's figures stay as they were reported through later mergers (ORG-REFORM). Rates are
// computed from counts: repeat rate = donations by donors who had given before / all donations;
// population share = distinct donors in the year / the chapter's own population figure.
import { requestLoader, sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import { inSliceDuring, sliceRoots } from "../access/slice.ts";

export interface BloodIndicators {
  chapterId: string;
  year: number;
  units: number;
  donations: number;
  repeatDonations: number;
  donors: number;
  organRegistrations: number;
  population: number | null;
  unitsTarget: number | null;
  repeatRateTarget: number | null;
  populationShareTarget: number | null;
  organRegistrationsTarget: number | null;
}

/** One statement for every chapter asked about; chapters outside the caller's slice that year get nothing. */
export async function indicatorsFor(ctx: BloodContext, chapterIds: readonly string[], year: number): Promise<Map<string, BloodIndicators>> {
  const roots = await sliceRoots(ctx);
  const from = sql`make_date(${year}::int, 1, 1)`;
  const to = sql`make_date(${year + 1}::int, 1, 1)`;
  const rows = await ctx.prisma.$queryRaw<BloodIndicators[]>(sql`
    WITH asked AS (
      SELECT x.id FROM unnest(${[...chapterIds]}::uuid[]) AS x(id) WHERE ${inSliceDuring('"x"."id"', roots, from, to)}
    ), given AS (
      SELECT c."ancestorId" AS id, sum(d.units) AS units, count(*) AS donations, count(*) FILTER (WHERE NOT d."isFirst") AS repeats,
        count(DISTINCT d."donorId") AS donors
      FROM "TreeClosure" c JOIN "Donation" d ON d."chapterId" = c."descendantId"
        AND d."donatedOn" >= c."validFrom" AND (c."validTo" IS NULL OR d."donatedOn" < c."validTo")
      WHERE c."ancestorId" IN (SELECT id FROM asked) AND d."donatedOn" >= ${from} AND d."donatedOn" < ${to}
      GROUP BY c."ancestorId"
    ), organ AS (
      SELECT c."ancestorId" AS id, count(*) AS n
      FROM "TreeClosure" c JOIN "OrganRegistration" o ON o."chapterId" = c."descendantId"
        AND o."registeredOn" >= c."validFrom" AND (c."validTo" IS NULL OR o."registeredOn" < c."validTo")
      WHERE c."ancestorId" IN (SELECT id FROM asked) AND o."registeredOn" >= ${from} AND o."registeredOn" < ${to}
      GROUP BY c."ancestorId"
    )
    SELECT a.id::text AS "chapterId", ${year}::int AS year,
      coalesce(g.units, 0)::float8 AS units, coalesce(g.donations, 0)::int AS donations, coalesce(g.repeats, 0)::int AS "repeatDonations",
      coalesce(g.donors, 0)::int AS donors, coalesce(o.n, 0)::int AS "organRegistrations", p.population,
      t.units AS "unitsTarget", t."repeatRatePercent" AS "repeatRateTarget", t."populationSharePercent" AS "populationShareTarget",
      t."organRegistrations" AS "organRegistrationsTarget"
    FROM asked a
    LEFT JOIN given g ON g.id = a.id
    LEFT JOIN organ o ON o.id = a.id
    LEFT JOIN "ChapterPopulation" p ON p."chapterId" = a.id AND p.year = ${year}
    LEFT JOIN "BloodTarget" t ON t."chapterId" = a.id AND t.year = ${year}`);
  return new Map(rows.map((r) => [r.chapterId, r]));
}

export function indicatorsLoader(ctx: BloodContext, year: number) {
  return requestLoader<string, BloodIndicators | null>(ctx, `indicators@${year}`, async (ids) => {
    const found = await indicatorsFor(ctx, ids, year);
    return ids.map((id) => found.get(id) ?? null);
  });
}

export const percent = (part: number, whole: number | null): number | null =>
  whole ? Math.round((part / whole) * 100 * 10_000) / 10_000 : null;
