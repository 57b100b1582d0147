// EM-RANK: the council ranks. Which unit leads each cluster is the council's decision, recorded
// with its reason (decideClusterLeader): the product proposes the leader (rankingCandidates: most
// counted A, then fewest C, ties surfaced) but never imposes it, and the council may choose
// another member. First, Second and Third then go to units whose confirmed class is Excellent and
// whom the council recorded as leading their cluster. One holder per place and one place per
// unit: unique indexes; one leader per cluster: the primary key.
import { badInputFields, conflict, lockRows, notFound, sql } from "@chapters/core";
import { requirePlanChapter } from "../sheets/write.ts";
import type { Tx } from "../write/transaction.ts";

async function planOf(tx: Tx, roots: string[], planId: string, what: string) {
  const plan = await tx.emulationPlan.findUnique({ where: { id: planId }, select: { id: true, chapterId: true, year: true } });
  if (!plan) throw notFound(`No emulation plan ${planId}.`);
  await requirePlanChapter(tx, roots, plan, what);
  return plan;
}

/** The council records which member leads a cluster, with its reason (it may differ from the proposal). */
export async function decideClusterLeader(tx: Tx, roots: string[], by: string, input: { planId: string; clusterId: string; unitId: string; reason: string }): Promise<void> {
  const plan = await planOf(tx, roots, input.planId, "decides who leads each cluster (its council)");
  await lockRows(tx, "EmulationPlan", [plan.id]);
  const member = await tx.clusterMember.findUnique({ where: { clusterId_unitId: { clusterId: input.clusterId, unitId: input.unitId } }, select: { planId: true } });
  if (member?.planId !== plan.id) throw badInputFields([{ field: "unitId", message: "must be a member of that cluster under this plan" }]);
  const ranked = await tx.emulationRank.findFirst({ where: { planId: plan.id, unitId: { in: (await tx.clusterMember.findMany({ where: { clusterId: input.clusterId }, select: { unitId: true } })).map((m) => m.unitId) } } });
  if (ranked) throw conflict("A unit of this cluster is already ranked on the council's earlier decision: the leader stands as recorded.");
  await tx.clusterLeader.upsert({
    where: { planId_clusterId: { planId: plan.id, clusterId: input.clusterId } },
    update: { unitId: input.unitId, reason: input.reason, decidedBy: by, decidedAt: new Date() },
    create: { planId: plan.id, clusterId: input.clusterId, unitId: input.unitId, reason: input.reason, decidedBy: by },
  });
}

export async function recordRank(tx: Tx, roots: string[], by: string, input: { planId: string; unitId: string; place: "FIRST" | "SECOND" | "THIRD"; note: string }): Promise<void> {
  const plan = await planOf(tx, roots, input.planId, "ranks its units (its council)");
  const [row] = await tx.$queryRaw<{ excellent: boolean; clustered: boolean; leads: boolean }[]>(sql`
    SELECT (r.class = 'EXCELLENT' AND r.status = 'CONFIRMED') AS excellent, cm."clusterId" IS NOT NULL AS clustered,
      EXISTS (SELECT 1 FROM "ClusterLeader" l WHERE l."planId" = r."planId" AND l."clusterId" = cm."clusterId" AND l."unitId" = r."unitId") AS leads
    FROM "EmulationResult" r LEFT JOIN "ClusterMember" cm ON cm."planId" = r."planId" AND cm."unitId" = r."unitId"
    WHERE r."planId" = ${plan.id}::uuid AND r."unitId" = ${input.unitId}::uuid`);
  if (!row?.excellent) throw badInputFields([{ field: "unitId", message: "only a unit whose confirmed class is Excellent (Xuất sắc) can be ranked" }]);
  if (!row.clustered || !row.leads) {
    throw badInputFields([{ field: "unitId", message: "only a unit the council recorded as leading its cluster can be ranked: record it first (decideClusterLeader; rankingCandidates proposes one)" }]);
  }
  await tx.emulationRank.create({ data: { planId: plan.id, unitId: input.unitId, place: input.place, note: input.note, decidedBy: by } });
}
