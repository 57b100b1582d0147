// The caller's slice (ORG-TREE), as SQL every subgraph embeds in its own queries: their chapter
// and everything below it on a date, plus — since a merged chapter's history passes to its
// successor (ORG-REFORM) — the chapters merged into it. The organization subgraph runs it on its
// own tree tables; the domain subgraphs on their replica of that tree (same columns).
import { empty, join, raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import { memoize, requireIdentity, type RequestContext } from "./context.ts";

export { sql, join, raw, empty, type Sql };

export interface TreeTables {
  /** chapters with id and code */
  chapter: string;
  /** predecessorId, successorId, kind */
  succession: string;
  /** ancestorId, descendantId, depth, validFrom, validTo */
  closure: string;
}

export const organizationTables: TreeTables = { chapter: "Chapter", succession: "ChapterSuccession", closure: "ChapterClosure" };
export const replicaTables: TreeTables = { chapter: "TreeChapter", succession: "TreeSuccession", closure: "TreeClosure" };

interface RawQuerier {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<T>;
}

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
