// EM-TITLES: "Người tốt, việc thiện" and "Cộng đồng nhân ái" nominations come up from lower
// levels with their achievements; each level above records its decision (forward, award,
// reject). An award respects the frequency limit a document states for the awarding chapter
// (Hải Phòng, seed 000: the city twice per 5 years, the central level once per 5 years): the
// distinct years in which that chapter awarded the title, within the window ending in the award's
// year, may not exceed the limit. Concurrent awards serialise on a transaction-scoped advisory
// lock per (chapter, title), taken before the check.
import { badInputFields, conflict, foldForSearch, inForce, notFound, sql } from "@chapters/core";
import { referenceDate, requireInSlice } from "../access/slice.ts";
import type { Tx } from "../write/transaction.ts";

type Title = "GOOD_PERSON_GOOD_DEED" | "CARING_COMMUNITY";

/** Lower case, no diacritics, single spaces: one person or community, however it is typed. */
export const nomineeKey = foldForSearch;

export async function nominate(tx: Tx, roots: string[], by: string, input: { title: Title; nominee: string; year: number; achievements: string; fromChapterId: string }): Promise<string> {
  await requireInSlice(tx, roots, input.fromChapterId, referenceDate(input.year));
  // the nomination's own fields only: the caller's input may also carry its idempotency key
  const { title, nominee, year, achievements, fromChapterId } = input;
  const row = await tx.titleNomination.create({ data: { title, nominee, year, achievements, fromChapterId, nomineeKey: nomineeKey(nominee), nominatedBy: by } });
  return row.id;
}

export async function decide(tx: Tx, roots: string[], by: string, input: { nominationId: string; chapterId: string; decision: "FORWARDED" | "AWARDED" | "REJECTED"; year: number; note: string }): Promise<void> {
  const nomination = await tx.titleNomination.findUnique({ where: { id: input.nominationId } });
  if (!nomination) throw notFound(`No nomination ${input.nominationId}.`);
  await requireInSlice(tx, roots, input.chapterId, referenceDate(input.year), "deciding chapter");
  const above = await tx.$queryRaw<unknown[]>(sql`SELECT 1 FROM "TreeClosure" c WHERE c."ancestorId" = ${input.chapterId}::uuid
    AND c."descendantId" = ${nomination.fromChapterId}::uuid AND ${inForce("c", referenceDate(input.year))}`);
  if (!above.length) throw badInputFields([{ field: "chapterId", message: "the deciding chapter must be the nominating chapter or a level above it" }]);
  if (input.decision === "AWARDED") {
    await tx.$executeRaw(sql`SELECT pg_advisory_xact_lock(hashtext(${`${input.chapterId}|${nomination.title}`}))`);
    const [rule] = await tx.$queryRaw<{ maxAwards: number; windowYears: number; source: string }[]>(sql`SELECT "maxAwards", "windowYears", source FROM "TitleLimitRule"
      WHERE "chapterId" = ${input.chapterId}::uuid AND title::text = ${nomination.title} LIMIT 1`);
    if (rule) {
      const years = await tx.$queryRaw<{ year: number }[]>(sql`SELECT DISTINCT d.year FROM "TitleDecision" d JOIN "TitleNomination" n ON n.id = d."nominationId"
        WHERE d."chapterId" = ${input.chapterId}::uuid AND d.decision = 'AWARDED' AND n.title::text = ${nomination.title}
          AND d.year > ${input.year - rule.windowYears} AND d.year < ${input.year + rule.windowYears}`);
      const used = years.map((y) => y.year);
      // every window of `windowYears` containing the new year must stay within the limit
      for (let start = input.year - rule.windowYears + 1; start <= input.year; start++) {
        const inWindow = new Set([...used, input.year].filter((y) => y >= start && y < start + rule.windowYears));
        if (inWindow.size > rule.maxAwards) {
          throw conflict(`This chapter may award the title in at most ${rule.maxAwards} year(s) per ${rule.windowYears} years (${rule.source}); it already awarded it in ${used.sort().join(", ")}. Award it in one of those years, or forward the nomination.`, { awardedYears: used });
        }
      }
    }
  }
  await tx.titleDecision.create({ data: { nominationId: nomination.id, chapterId: input.chapterId, decision: input.decision, year: input.year, note: input.note, decidedBy: by } });
}
