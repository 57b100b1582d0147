// EM-PLAN reads: plans, their contents, phases, criteria and rule tables. Plans are visible per
// access/slice.ts `planVisible`; every per-plan list is one statement for every plan asked about.
import { mergedInto, replicaTables, requestLoader, sql, windowedPages } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import { planVisible, sliceRoots } from "../access/slice.ts";
import { readRules, type FullRules } from "./rules.ts";

export interface PlanRow {
  id: string;
  chapterId: string;
  year: number;
  title: string;
  registrationDeadline: Date;
  submissionDeadline: Date | null;
  forwardingDeadline: Date | null;
  demotionsStack: boolean;
  source: string;
  copiedFromId: string | null;
  createdBy: string;
}

export interface CriterionRow {
  id: string;
  planId: string;
  position: number;
  code: string;
  area: string;
  title: string;
}

const PLAN_COLUMNS = sql`p.id::text AS id, p."chapterId"::text AS "chapterId", p.year, p.title, p."registrationDeadline", p."submissionDeadline", p."forwardingDeadline",
  p."demotionsStack", p.source, p."copiedFromId"::text AS "copiedFromId", p."createdBy"`;

/** Plans by id (null when absent or not visible to the caller). */
export function planLoader(ctx: EmulationContext) {
  return requestLoader<string, PlanRow | null>(ctx, "plan", async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<PlanRow[]>(sql`SELECT ${PLAN_COLUMNS} FROM "EmulationPlan" p
      WHERE p.id = ANY(${[...ids]}::uuid[]) AND ${planVisible(roots)}`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A chapter's plans (its own and those of the chapters merged into it: its history), newest year first. */
export function chapterPlansLoader(ctx: EmulationContext, year: number | null) {
  return requestLoader<string, PlanRow[]>(ctx, `chapter-plans@${year ?? "all"}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<(PlanRow & { x: string })[]>(sql`SELECT m.x::text AS x, ${PLAN_COLUMNS}
      FROM ${mergedInto(replicaTables, ids)} m JOIN "EmulationPlan" p ON p."chapterId" = m.p
      WHERE (${year}::int IS NULL OR p.year = ${year}::int) AND ${planVisible(roots)}
      ORDER BY p.year DESC, p.title`);
    return ids.map((id) => rows.filter((r) => r.x === id));
  });
}

/** The rule table and criteria count of each plan (no slice: callers already hold a visible plan). */
export function rulesLoader(ctx: EmulationContext) {
  return requestLoader<string, FullRules>(ctx, "plan-rules", async (ids) => {
    const rules = await readRules(ctx.prisma, [...ids]);
    return ids.map((id) => rules.get(id)!);
  });
}

/** One page of each plan's criteria, in order: one windowed statement for every plan asked about. */
export function criteriaPageLoader(ctx: EmulationContext, page: { limit: number; offset: number }) {
  return requestLoader<string, { items: CriterionRow[]; total: number }>(ctx, `criteria@${page.limit}|${page.offset}`, async (ids) => {
    return windowedPages<CriterionRow>(ctx.prisma, sql`
      SELECT id::text AS id, "planId"::text AS "planId", position, code, area, title,
        count(*) OVER (PARTITION BY "planId")::int AS total, row_number() OVER (PARTITION BY "planId" ORDER BY position)::int AS n
      FROM "PlanCriterion" WHERE "planId" = ANY(${[...ids]}::uuid[])`, page, ids, (r) => r.planId);
  });
}

/** Contents and phases of each plan (short lists: a dozen rows at most). */
export function planPartsLoader(ctx: EmulationContext) {
  return requestLoader<string, { contents: string[]; phases: { name: string; startsOn: Date; endsOn: Date }[] }>(ctx, "plan-parts", async (ids) => {
    const planIds = [...ids];
    const [contents, phases] = await Promise.all([
      ctx.prisma.$queryRaw<{ planId: string; title: string }[]>(sql`SELECT "planId"::text AS "planId", title FROM "PlanContent" WHERE "planId" = ANY(${planIds}::uuid[]) ORDER BY position`),
      ctx.prisma.$queryRaw<{ planId: string; name: string; startsOn: Date; endsOn: Date }[]>(sql`SELECT "planId"::text AS "planId", name, "startsOn", "endsOn"
        FROM "PlanPhase" WHERE "planId" = ANY(${planIds}::uuid[]) ORDER BY position`),
    ]);
    return ids.map((id) => ({ contents: contents.filter((c) => c.planId === id).map((c) => c.title), phases: phases.filter((p) => p.planId === id) }));
  });
}
