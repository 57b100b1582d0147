// A plan's progress for a dashboard (EM-REGISTER, EM-SCORE, EM-CLASS): how many units registered
// (and how many after the deadline), sent a self-scoring sheet (and how many late), were verified
// by the inspection team, and were classified, per class. Counts only; one statement for every
// plan asked about (callers already hold a visible plan).
import { requestLoader, sql } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import { classLabels, type EmulationClass } from "../labels.ts";

export interface PlanProgress {
  registered: number;
  registeredLate: number;
  selfSheets: number;
  selfSheetsLate: number;
  verifiedSheets: number;
  classified: number;
  confirmed: number;
  byClass: { class: EmulationClass; count: number }[];
}

interface Row extends Omit<PlanProgress, "byClass"> {
  planId: string;
  classes: Partial<Record<EmulationClass, number>> | null;
}

export function planProgressLoader(ctx: EmulationContext) {
  return requestLoader<string, PlanProgress>(ctx, "plan-progress", async (ids) => {
    const rows = await ctx.prisma.$queryRaw<Row[]>(sql`
      SELECT p.id::text AS "planId",
        (SELECT count(*) FROM "Registration" r WHERE r."planId" = p.id)::int AS registered,
        (SELECT count(*) FROM "Registration" r WHERE r."planId" = p.id AND r."registeredOn" > p."registrationDeadline")::int AS "registeredLate",
        (SELECT count(*) FROM "ScoreSheet" s WHERE s."planId" = p.id AND s.kind = 'SELF')::int AS "selfSheets",
        (SELECT count(*) FROM "ScoreSheet" s WHERE s."planId" = p.id AND s.kind = 'SELF' AND s."submittedOn" > p."submissionDeadline")::int AS "selfSheetsLate",
        (SELECT count(*) FROM "ScoreSheet" s WHERE s."planId" = p.id AND s.kind = 'VERIFIED')::int AS "verifiedSheets",
        (SELECT count(*) FROM "EmulationResult" e WHERE e."planId" = p.id)::int AS classified,
        (SELECT count(*) FROM "EmulationResult" e WHERE e."planId" = p.id AND e.status = 'CONFIRMED')::int AS confirmed,
        (SELECT jsonb_object_agg(c.class, c.n) FROM (
          SELECT e.class::text AS class, count(*) AS n FROM "EmulationResult" e WHERE e."planId" = p.id GROUP BY e.class) c) AS classes
      FROM "EmulationPlan" p WHERE p.id = ANY(${[...ids]}::uuid[])`);
    const byId = new Map(rows.map((r) => [r.planId, r]));
    return ids.map((id) => {
      const { planId: _planId, classes, ...counts } = byId.get(id) ?? {
        planId: id, registered: 0, registeredLate: 0, selfSheets: 0, selfSheetsLate: 0, verifiedSheets: 0, classified: 0, confirmed: 0, classes: null,
      };
      const byClass = (Object.keys(classLabels) as EmulationClass[]).map((c) => ({ class: c, count: Number(classes?.[c] ?? 0) }));
      return { ...counts, byClass };
    });
  });
}
