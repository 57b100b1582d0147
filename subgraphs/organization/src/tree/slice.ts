// The caller's slice (ORG-TREE): their chapter and everything below it, plus — because a merged
// chapter's history passes to its successor (ORG-REFORM) — the chapters merged into it. Every
// read and write filters with these SQL fragments inside its own query.
import { memoize, requireIdentity } from "@chapters/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { OrgContext } from "../builder.ts";

/** Ids of the chapters whose subtrees the caller sees: one statement, once per request. */
export function sliceRoots(ctx: OrgContext): Promise<string[]> {
  const identity = requireIdentity(ctx);
  return memoize(ctx, "slice-roots", async () => {
    const rows = await ctx.prisma.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE roots(id) AS (
        SELECT id FROM "Chapter" WHERE code = ${identity.chapterCode}
        UNION
        SELECT s."predecessorId" FROM "ChapterSuccession" s JOIN roots r ON s."successorId" = r.id
        WHERE s.kind = 'MERGE'
      )
      SELECT id::text AS id FROM roots`;
    return rows.map((r) => r.id);
  });
}

/** SQL condition: `interval` (an alias with validFrom/validTo) is in force on `date`. */
export function inForce(alias: string, date: Prisma.Sql | Date): Prisma.Sql {
  const d = date instanceof Date ? Prisma.sql`${date}::date` : date;
  return Prisma.sql`${Prisma.raw(`"${alias}"."validFrom"`)} <= ${d} AND (${Prisma.raw(`"${alias}"."validTo"`)} IS NULL OR ${Prisma.raw(`"${alias}"."validTo"`)} > ${d})`;
}

/** SQL condition: the chapter whose id is `chapterIdColumn` lies in the slice on `date`. */
export function inSlice(chapterIdColumn: string, roots: string[], date: Prisma.Sql | Date): Prisma.Sql {
  return Prisma.sql`EXISTS (
    SELECT 1 FROM "ChapterClosure" "slice"
    WHERE "slice"."descendantId" = ${Prisma.raw(chapterIdColumn)}
      AND "slice"."ancestorId" = ANY(${roots}::uuid[])
      AND ${inForce("slice", date)})`;
}
