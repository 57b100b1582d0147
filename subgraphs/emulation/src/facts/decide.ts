// EM-DEMOTE: the council decides a fact its owner could not give (UNKNOWN: no figure or no
// target) — applies or does not apply, with a reason — and the unit's class follows at once,
// through the same `classify`, from the facts already stored on the result (the owners are not
// asked again). Only an UNKNOWN fact is the council's to decide: one evaluated from the owners'
// rows stands as evaluated. A confirmed result is frozen. The decision is kept (FactDecision), so
// a later computation applies it again, and the mutation is audited like every other.
import { badInputFields, conflict, lockRows, notFound } from "@chapters/core";
import { requirePlanChapter } from "../sheets/write.ts";
import type { Tx } from "../write/transaction.ts";
import { classify, type ClassifyInput } from "../results/classify.ts";
import { explain, type ResultNotes } from "../results/compute.ts";
import { rulesFor } from "../plans/rules.ts";
import { withDecision, type UsedFact } from "./evaluate.ts";

export interface FactDecisionInput {
  planId: string;
  unitId: string;
  code: string;
  applies: boolean;
  reason: string;
}

export async function decideFact(tx: Tx, roots: string[], by: string, input: FactDecisionInput): Promise<void> {
  const plan = await tx.emulationPlan.findUnique({ where: { id: input.planId }, select: { id: true, chapterId: true, year: true } });
  if (!plan) throw notFound(`No emulation plan ${input.planId}.`);
  await requirePlanChapter(tx, roots, plan, "decides facts (its council)");
  await lockRows(tx, "EmulationPlan", [plan.id]);
  const result = await tx.emulationResult.findUnique({ where: { planId_unitId: { planId: plan.id, unitId: input.unitId } } });
  if (!result) throw notFound(`No computed classification for ${input.unitId} under this plan: compute it first (computeEmulationResults).`);
  if (result.status === "CONFIRMED") throw conflict("The council has confirmed this unit's classification, which froze its facts: nothing was changed.");
  const facts = result.facts as unknown as UsedFact[];
  const fact = facts.find((f) => f.code === input.code);
  if (!fact) throw badInputFields([{ field: "code", message: `${input.code} is not among this plan's demotion rules (${facts.map((f) => f.code).join(", ")})` }]);
  if (fact.status !== "UNKNOWN") {
    throw badInputFields([{ field: "code", message: `${input.code} was evaluated from its owner's figures (${fact.status}): the council decides only UNKNOWN facts` }]);
  }
  const decidedAt = new Date();
  await tx.factDecision.upsert({
    where: { planId_unitId_code: { planId: plan.id, unitId: input.unitId, code: input.code } },
    update: { applies: input.applies, reason: input.reason, decidedBy: by, decidedAt },
    create: { planId: plan.id, unitId: input.unitId, code: input.code, applies: input.applies, reason: input.reason, decidedBy: by, decidedAt },
  });
  const updated = withDecision(facts, input.code, { applies: input.applies, reason: input.reason, decidedBy: by, decidedAt: decidedAt.toISOString() });
  const { notesBefore, notesAfter, ...stored } = result.input as unknown as ClassifyInput & Partial<ResultNotes>;
  const sheet: ClassifyInput = { ...stored, demotionCodes: updated.filter((f) => f.applies).map((f) => f.code) };
  const classified = classify(sheet, await rulesFor(tx, plan.id));
  await tx.emulationResult.update({
    where: { planId_unitId: { planId: plan.id, unitId: input.unitId } },
    data: { class: classified.class, explanation: explain(classified.explanation, { notesBefore, notesAfter }), input: { ...sheet, notesBefore, notesAfter } as object, facts: updated as object[] },
  });
}
