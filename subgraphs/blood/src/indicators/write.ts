// BL-TARGETS: a chapter's population for a year (the denominator of the population share), set
// by an officer of the chapter or of a chapter above it. Targets are not set here: they are
// organization's catalogue (assignTargets), one source for every indicator.
import type { BloodContext } from "../builder.ts";
import { requireChapterInSlice } from "../access/slice.ts";
import { inTransaction } from "../write/transaction.ts";

export interface YearPopulation {
  chapterId: string;
  year: number;
  population: number;
}

/** Writes (or replaces) the population row of one chapter and year. */
export async function setChapterPopulation(ctx: BloodContext, roots: string[], input: YearPopulation): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    const key = { chapterId: input.chapterId, year: input.year };
    await tx.chapterPopulation.upsert({ where: { chapterId_year: key }, create: { ...key, population: input.population }, update: { population: input.population } });
  });
}
