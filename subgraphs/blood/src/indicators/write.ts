// BL-TARGETS: a chapter's targets and population for a year, set by an officer of the chapter
// or of a chapter above it (ORG-TARGETS: each level assigns targets to the level below).
import type { BloodContext } from "../builder.ts";
import { requireChapterInSlice } from "../access/write.ts";
import { inTransaction } from "../write/transaction.ts";

export interface YearPlan {
  chapterId: string;
  year: number;
  population?: number | null;
  units?: number | null;
  repeatRatePercent?: number | null;
  populationSharePercent?: number | null;
  organRegistrations?: number | null;
}

export async function setBloodPlan(ctx: BloodContext, roots: string[], plan: YearPlan): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await requireChapterInSlice(tx, roots, plan.chapterId);
    const key = { chapterId: plan.chapterId, year: plan.year };
    const targets = {
      units: plan.units ?? null,
      repeatRatePercent: plan.repeatRatePercent ?? null,
      populationSharePercent: plan.populationSharePercent ?? null,
      organRegistrations: plan.organRegistrations ?? null,
    };
    await tx.bloodTarget.upsert({ where: { chapterId_year: key }, create: { ...key, ...targets }, update: targets });
    if (plan.population != null) {
      await tx.chapterPopulation.upsert({ where: { chapterId_year: key }, create: { ...key, population: plan.population }, update: { population: plan.population } });
    }
  });
}
