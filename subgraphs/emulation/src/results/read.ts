// EM-CLASS, EM-RANK reads: a plan's year-end result table — each unit with its class,
// explanation, the facts it used, its cluster and its rank — one windowed statement for every
// plan asked about, filtered by the caller's slice (or cluster headship) in SQL.
import { historyDestinations, replicaTables, requestLoader, sql, todayInVietnam, windowedPages } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import { sliceRoots, unitVisible } from "../access/slice.ts";
import type { UsedFact } from "../facts/evaluate.ts";
import type { EmulationClass } from "../labels.ts";
import type { ClassifyInput } from "./classify.ts";

export interface ResultRow {
  planId: string;
  unitId: string;
  class: EmulationClass;
  explanation: string[];
  /** the classification's input, with what the table shows of the arrivals (results/compute.ts) */
  input: ClassifyInput & { registeredOnTime?: boolean; onTime?: boolean; acceptedLate?: ("REGISTRATION" | "REPORT" | "SHEET" | "FORWARDING")[] };
  facts: UsedFact[];
  status: "PROPOSED" | "CONFIRMED";
  computedBy: string;
  computedAt: Date;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  clusterId: string | null;
  clusterName: string | null;
  clusterHead: boolean;
  rank: "FIRST" | "SECOND" | "THIRD" | null;
  unitCode: string | null;
}

export interface ResultFilter {
  classes: EmulationClass[] | null;
  clusterId: string | null;
}

const RESULT_SELECT = sql`r."planId"::text AS "planId", r."unitId"::text AS "unitId", r.class::text AS class, r.explanation, r.input, r.facts,
  r.status::text AS status, r."computedBy", r."computedAt", r."confirmedBy", r."confirmedAt",
  cm."clusterId"::text AS "clusterId", cl.name AS "clusterName", coalesce(cm."isHead", false) AS "clusterHead", k.place::text AS rank, t.code AS "unitCode"`;

const RESULT_FROM = sql`FROM "EmulationResult" r
  JOIN "EmulationPlan" p ON p.id = r."planId"
  LEFT JOIN "ClusterMember" cm ON cm."planId" = r."planId" AND cm."unitId" = r."unitId"
  LEFT JOIN "Cluster" cl ON cl.id = cm."clusterId"
  LEFT JOIN "EmulationRank" k ON k."planId" = r."planId" AND k."unitId" = r."unitId"
  LEFT JOIN "TreeChapter" t ON t.id = r."unitId"`;

/** One page of each plan's results, best class first, then by unit code. */
export function resultsPageLoader(ctx: EmulationContext, filter: ResultFilter, page: { limit: number; offset: number }) {
  const name = `results@${filter.classes?.join(",") ?? ""}|${filter.clusterId ?? ""}|${page.limit}|${page.offset}`;
  return requestLoader<string, { items: ResultRow[]; total: number }>(ctx, name, async (ids) => {
    const roots = await sliceRoots(ctx);
    return windowedPages<ResultRow>(ctx.prisma, sql`
      SELECT ${RESULT_SELECT}, count(*) OVER (PARTITION BY r."planId")::int AS total,
        row_number() OVER (PARTITION BY r."planId" ORDER BY r.class, t.code, r."unitId")::int AS n
      ${RESULT_FROM}
      WHERE r."planId" = ANY(${[...ids]}::uuid[]) AND ${unitVisible('r."unitId"', 'r."planId"', '"p"."year"', roots)}
        AND (${filter.classes}::text[] IS NULL OR r.class::text = ANY(${filter.classes}::text[]))
        AND (${filter.clusterId}::uuid IS NULL OR cm."clusterId" = ${filter.clusterId}::uuid)`, page, ids, (r) => r.planId);
  });
}

/** One unit's result under a plan (key "planId|unitId"), when visible. */
export function resultLoader(ctx: EmulationContext) {
  return requestLoader<string, ResultRow | null>(ctx, "result", async (keys) => {
    const roots = await sliceRoots(ctx);
    const pairs = keys.map((k) => k.split("|"));
    const rows = await ctx.prisma.$queryRaw<ResultRow[]>(sql`SELECT ${RESULT_SELECT} ${RESULT_FROM}
      JOIN unnest(${pairs.map((p) => p[0]!)}::uuid[], ${pairs.map((p) => p[1]!)}::uuid[]) AS want(plan, unit) ON want.plan = r."planId" AND want.unit = r."unitId"
      WHERE ${unitVisible('r."unitId"', 'r."planId"', '"p"."year"', roots)}`);
    return keys.map((k) => rows.find((r) => `${r.planId}|${r.unitId}` === k) ?? null);
  });
}

/** ORG-REFORM, EM-REGISTER: a chapter's own results as a unit, for a year (key: chapter id).
 * As it was (restated false): the results recorded for this chapter itself. Restated: the results
 * of every unit whose history went to this chapter on today's tree (itself, chapters merged into
 * it, a dissolved district's results in the chapter that took over its area), so a unit dissolved
 * mid-year is read from its successor. Visible units only; one statement for every chapter. */
export function chapterResultsLoader(ctx: EmulationContext, year: number, restated: boolean) {
  return requestLoader<string, ResultRow[]>(ctx, `chapter-results@${year}|${restated}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    const scope = restated
      ? sql`SELECT h.dest AS x, h.id AS unit FROM ${historyDestinations(replicaTables, todayInVietnam())} h WHERE h.dest = ANY(${[...ids]}::uuid[])`
      : sql`SELECT i AS x, i AS unit FROM unnest(${[...ids]}::uuid[]) AS i`;
    const rows = await ctx.prisma.$queryRaw<(ResultRow & { x: string })[]>(sql`SELECT s.x::text AS x, ${RESULT_SELECT} ${RESULT_FROM}
      JOIN (${scope}) s ON s.unit = r."unitId"
      WHERE p.year = ${year}::int AND ${unitVisible('r."unitId"', 'r."planId"', '"p"."year"', roots)}
      ORDER BY t.code, p."chapterId"`);
    return ids.map((id) => rows.filter((r) => r.x === id));
  });
}

export interface Candidate {
  planId: string;
  unitId: string;
  clusterId: string;
  clusterName: string;
  countedA: number;
  cCount: number;
  /** another Excellent unit of the same cluster has the same counted A and C: the council decides */
  tiedWith: string[];
  /** the council recorded this unit as its cluster's leader */
  councilLeader: boolean;
  rank: "FIRST" | "SECOND" | "THIRD" | null;
}

export interface LeaderRow {
  planId: string;
  clusterId: string;
  clusterName: string;
  unitId: string;
  reason: string;
  decidedBy: string;
  decidedAt: Date;
}

/** EM-RANK: the council's recorded cluster leaders of each plan (visible units only). */
export function leadersLoader(ctx: EmulationContext) {
  return requestLoader<string, LeaderRow[]>(ctx, "cluster-leaders", async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<LeaderRow[]>(sql`SELECT l."planId"::text AS "planId", l."clusterId"::text AS "clusterId", c.name AS "clusterName",
        l."unitId"::text AS "unitId", l.reason, l."decidedBy", l."decidedAt"
      FROM "ClusterLeader" l JOIN "Cluster" c ON c.id = l."clusterId" JOIN "EmulationPlan" p ON p.id = l."planId"
      WHERE l."planId" = ANY(${[...ids]}::uuid[]) AND ${unitVisible('l."unitId"', 'l."planId"', '"p"."year"', roots)} ORDER BY c.name`);
    return ids.map((id) => rows.filter((r) => r.planId === id));
  });
}

/** EM-RANK: the product's proposal — confirmed Excellent units leading their cluster (most counted
 * A, then fewest C), ties surfaced — for every plan asked about; the council decides. */
export function candidatesLoader(ctx: EmulationContext) {
  return requestLoader<string, Candidate[]>(ctx, "rank-candidates", async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<Candidate[]>(sql`
      WITH excellent AS (
        SELECT r."planId", r."unitId", cm."clusterId", cl.name AS "clusterName",
          ((r.input->>'aCount')::int - (r.input->>'convertedACount')::int) AS "countedA", (r.input->>'cCount')::int AS "cCount", k.place
        FROM "EmulationResult" r JOIN "EmulationPlan" p ON p.id = r."planId"
        JOIN "ClusterMember" cm ON cm."planId" = r."planId" AND cm."unitId" = r."unitId" JOIN "Cluster" cl ON cl.id = cm."clusterId"
        LEFT JOIN "EmulationRank" k ON k."planId" = r."planId" AND k."unitId" = r."unitId"
        WHERE r."planId" = ANY(${[...ids]}::uuid[]) AND r.status = 'CONFIRMED' AND r.class = 'EXCELLENT'
          AND ${unitVisible('r."unitId"', 'r."planId"', '"p"."year"', roots)}
      ), leaders AS (
        SELECT e.*, rank() OVER (PARTITION BY e."planId", e."clusterId" ORDER BY e."countedA" DESC, e."cCount") AS pos FROM excellent e
      )
      SELECT l."planId"::text AS "planId", l."unitId"::text AS "unitId", l."clusterId"::text AS "clusterId", l."clusterName", l."countedA", l."cCount",
        coalesce((SELECT array_agg(o."unitId"::text ORDER BY o."unitId") FROM leaders o WHERE o."planId" = l."planId" AND o."clusterId" = l."clusterId"
          AND o.pos = 1 AND o."unitId" <> l."unitId"), '{}') AS "tiedWith", l.place::text AS rank,
        EXISTS (SELECT 1 FROM "ClusterLeader" c WHERE c."planId" = l."planId" AND c."clusterId" = l."clusterId" AND c."unitId" = l."unitId") AS "councilLeader"
      FROM leaders l WHERE l.pos = 1 ORDER BY l."countedA" DESC, l."cCount", l."clusterName"`);
    return ids.map((id) => rows.filter((r) => r.planId === id));
  });
}
