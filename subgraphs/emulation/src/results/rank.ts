// EM-RANK: the council's ranking, recorded (not computed): First, Second, Third go to units whose
// confirmed class is Excellent and that lead their cluster (most counted A, then fewest C; a tie
// is for the council to settle, so any of the tied units may be ranked). One holder per place
// and one place per unit: unique indexes.
import { badInputFields, sql } from "@chapters/core";
import { requirePlanChapter } from "../sheets/write.ts";
import type { Tx } from "../write/transaction.ts";
import { notFound } from "@chapters/core";

export async function recordRank(tx: Tx, roots: string[], by: string, input: { planId: string; unitId: string; place: "FIRST" | "SECOND" | "THIRD"; note: string }): Promise<void> {
  const plan = await tx.emulationPlan.findUnique({ where: { id: input.planId }, select: { id: true, chapterId: true, year: true } });
  if (!plan) throw notFound(`No emulation plan ${input.planId}.`);
  await requirePlanChapter(tx, roots, plan, "ranks its units (its council)");
  const [row] = await tx.$queryRaw<{ leads: boolean; excellent: boolean; clustered: boolean }[]>(sql`
    WITH mine AS (SELECT r.class, r.status, (r.input->>'aCount')::int - (r.input->>'convertedACount')::int AS a, (r.input->>'cCount')::int AS c, cm."clusterId"
      FROM "EmulationResult" r LEFT JOIN "ClusterMember" cm ON cm."planId" = r."planId" AND cm."unitId" = r."unitId"
      WHERE r."planId" = ${plan.id}::uuid AND r."unitId" = ${input.unitId}::uuid)
    SELECT (m.class = 'EXCELLENT' AND m.status = 'CONFIRMED') AS excellent, m."clusterId" IS NOT NULL AS clustered,
      NOT EXISTS (SELECT 1 FROM "EmulationResult" o JOIN "ClusterMember" om ON om."planId" = o."planId" AND om."unitId" = o."unitId"
        WHERE o."planId" = ${plan.id}::uuid AND om."clusterId" = m."clusterId" AND o.class = 'EXCELLENT' AND o.status = 'CONFIRMED'
          AND ((o.input->>'aCount')::int - (o.input->>'convertedACount')::int > m.a
            OR ((o.input->>'aCount')::int - (o.input->>'convertedACount')::int = m.a AND (o.input->>'cCount')::int < m.c))) AS leads
    FROM mine m`);
  if (!row?.excellent) throw badInputFields([{ field: "unitId", message: "only a unit whose confirmed class is Excellent (Xuất sắc) can be ranked" }]);
  if (!row.clustered || !row.leads) throw badInputFields([{ field: "unitId", message: "only a unit leading its cluster can be ranked: see rankingCandidates" }]);
  await tx.emulationRank.create({ data: { planId: plan.id, unitId: input.unitId, place: input.place, note: input.note, decidedBy: by } });
}
