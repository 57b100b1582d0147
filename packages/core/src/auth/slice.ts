// The caller's slice (ORG-TREE), as SQL every subgraph embeds in its own queries: their chapter
// and everything below it on a date, plus — since a merged chapter's history passes to its
// successor (ORG-REFORM) — the chapters merged into it. The organization subgraph runs it on its
// own tree tables; the domain subgraphs on their replica of that tree (same columns).
import { memoize, requireIdentity, type RequestContext } from "../context.ts";
import { raw, sql, type RawQuerier, type Sql } from "../db/sql.ts";
import type { TreeTables } from "../replica/tables.ts";

/** Ids of the chapters whose subtrees the caller sees: one statement, once per request. */
export function sliceRoots(ctx: RequestContext & { prisma: unknown }, tables: TreeTables): Promise<string[]> {
  const identity = requireIdentity(ctx);
  const db = ctx.prisma as RawQuerier;
  return memoize(ctx, "slice-roots", async () => {
    const rows = await db.$queryRaw<{ id: string }[]>(sql`
      WITH RECURSIVE roots(id) AS (
        SELECT id FROM ${raw(`"${tables.chapter}"`)} WHERE code = ${identity.chapterCode}
        UNION
        SELECT s."predecessorId" FROM ${raw(`"${tables.succession}"`)} s JOIN roots r ON s."successorId" = r.id
        WHERE s.kind::text = 'MERGE'
      )
      SELECT id::text AS id FROM roots`);
    return rows.map((r) => r.id);
  });
}

const asDate = (date: Sql | Date): Sql => (date instanceof Date ? sql`${date}::date` : date);

/** SQL condition: the interval of `alias` (validFrom/validTo) is in force on `date`. */
export function inForce(alias: string, date: Sql | Date): Sql {
  const d = asDate(date);
  return sql`${raw(`"${alias}"."validFrom"`)} <= ${d} AND (${raw(`"${alias}"."validTo"`)} IS NULL OR ${raw(`"${alias}"."validTo"`)} > ${d})`;
}

/** SQL condition: the chapter whose id is in `chapterIdColumn` lies in the slice on `date`. */
export function inSlice(tables: TreeTables, chapterIdColumn: string, roots: string[], date: Sql | Date): Sql {
  return sql`EXISTS (
    SELECT 1 FROM ${raw(`"${tables.closure}"`)} "slice"
    WHERE "slice"."descendantId" = ${raw(chapterIdColumn)}
      AND "slice"."ancestorId" = ANY(${roots}::uuid[])
      AND ${inForce("slice", date)})`;
}
