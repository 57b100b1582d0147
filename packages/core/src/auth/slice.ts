// The caller's slice (ORG-TREE), as SQL every subgraph embeds in its own queries: their chapter
// and everything below it on a date, plus — since a merged chapter's history passes to its
// successor (ORG-REFORM) — the chapters merged into it. The organization subgraph runs it on its
// own tree tables; the domain subgraphs on their replica of that tree (same columns): each
// subgraph's access/slice.ts binds these to its tables with sliceOn.
import { memoize, requireIdentity, type RequestContext } from "../context.ts";
import { todayInVietnam } from "../dates.ts";
import { notFound } from "../errors.ts";
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

/** SQL condition: the chapter in `column` is in the slice on `date`, or was merged (through any
 * chain of merges) into a chapter that is. Standing records (donors, addresses, sponsors) follow
 * their chapter through merges: "members and open work move with a merge" (ORG-REFORM). */
export function inSliceFollowingMerges(tables: TreeTables, column: string, roots: string[], date: Date): Sql {
  return sql`${raw(column)} IN (
    WITH RECURSIVE visible(id) AS (
      SELECT s."descendantId" FROM ${raw(`"${tables.closure}"`)} s WHERE s."ancestorId" = ANY(${roots}::uuid[]) AND ${inForce("s", date)}
      UNION
      SELECT m."predecessorId" FROM ${raw(`"${tables.succession}"`)} m JOIN visible v ON m."successorId" = v.id WHERE m.kind = 'MERGE'
    )
    SELECT id FROM visible)`;
}

/** Write check, run on the mutation's transaction: the chapter lay in the caller's slice on `on`
 * (today unless said). Outside it answers NOT_FOUND, exactly as a chapter that does not exist. */
export async function requireChapterInSlice(
  db: RawQuerier,
  tables: TreeTables,
  roots: string[],
  chapterId: string,
  options: { on?: Date; what?: string } = {},
): Promise<void> {
  const rows = await db.$queryRaw<{ ok: boolean }[]>(
    sql`SELECT ${inSlice(tables, '"x"."id"', roots, options.on ?? todayInVietnam())} AS ok FROM (SELECT ${chapterId}::uuid AS id) "x"`,
  );
  if (!rows[0]?.ok) throw notFound(`No ${options.what ?? "chapter"} ${chapterId} in your part of the tree.`);
}

/** The slice helpers on one subgraph's tree tables (organization's own, or a domain subgraph's
 * replica): what each subgraph's access/slice.ts exports. */
export function sliceOn(tables: TreeTables) {
  return {
    /** the caller's slice roots, once per request */
    sliceRoots: (ctx: RequestContext & { prisma: unknown }): Promise<string[]> => sliceRoots(ctx, tables),
    /** the chapter in `column` lay in the slice on `date` (a Date, or SQL such as "d"."donatedOn") */
    inSlice: (column: string, roots: string[], date: Sql | Date): Sql => inSlice(tables, column, roots, date),
    /** the chapter in `column` is in the slice on `date` (today unless said), or was merged into one that is */
    inSliceFollowingMerges: (column: string, roots: string[], date: Date = todayInVietnam()): Sql =>
      inSliceFollowingMerges(tables, column, roots, date),
    /** write check on `tx`: the chapter lay in the caller's slice on `options.on` (today unless said) */
    requireChapterInSlice: (db: RawQuerier, roots: string[], chapterId: string, options?: { on?: Date; what?: string }): Promise<void> =>
      requireChapterInSlice(db, tables, roots, chapterId, options),
  };
}
