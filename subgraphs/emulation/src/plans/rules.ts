// EM-CLASS, EM-DEMOTE: a plan's rule table (class rows, demotion rules, criteria count, whether
// demotions stack), read for several plans at once — by the request loader and, inside a
// transaction, by the council's decisions.
import { sql, type RawQuerier } from "@chapters/core";
import type { DemotionRuleFull } from "../facts/evaluate.ts";
import type { ClassRuleRow, PlanRules } from "../results/classify.ts";

export type FullRules = PlanRules & { demotions: DemotionRuleFull[] };

export async function readRules(db: RawQuerier, planIds: string[]): Promise<Map<string, FullRules>> {
  // one after the other: inside a transaction there is one connection
  const classes = await db.$queryRaw<(ClassRuleRow & { planId: string })[]>(sql`SELECT "planId"::text AS "planId", class::text AS class, position, "minA", "maxC", "minBaseShare"
    FROM "ClassRule" WHERE "planId" = ANY(${planIds}::uuid[]) ORDER BY position`);
  const demotions = await db.$queryRaw<(DemotionRuleFull & { planId: string; position: number })[]>(sql`SELECT "planId"::text AS "planId", code, position, label, effect::text AS effect,
    source::text AS source, "indicatorCode", threshold, "ofTarget", "baseChaptersMayMiss" FROM "DemotionRule" WHERE "planId" = ANY(${planIds}::uuid[]) ORDER BY position`);
  const counts = await db.$queryRaw<{ planId: string; n: number }[]>(sql`SELECT "planId"::text AS "planId", count(*)::int AS n FROM "PlanCriterion"
    WHERE "planId" = ANY(${planIds}::uuid[]) GROUP BY "planId"`);
  const stacks = await db.$queryRaw<{ id: string; demotionsStack: boolean }[]>(sql`SELECT id::text AS id, "demotionsStack" FROM "EmulationPlan" WHERE id = ANY(${planIds}::uuid[])`);
  return new Map(planIds.map((id) => [id, {
    criteriaCount: counts.find((c) => c.planId === id)?.n ?? 0,
    classRules: classes.filter((c) => c.planId === id),
    demotions: demotions.filter((d) => d.planId === id),
    demotionsStack: stacks.find((s) => s.id === id)?.demotionsStack ?? false,
  }]));
}

/** One plan's rules, on `tx` (sequentially: one connection). */
export async function rulesFor(db: RawQuerier, planId: string): Promise<FullRules> {
  return (await readRules(db, [planId])).get(planId)!;
}
