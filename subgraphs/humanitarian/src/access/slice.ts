// The caller's slice (ORG-TREE) on this subgraph's replica of the tree. Addresses, sponsors and
// their support are standing records: they follow their chapter through merges ("open work moves
// with a merge", ORG-REFORM), so a Đồng Nai officer sees the addresses Bình Phước profiled.
// Figures use access/restated.ts instead (as it was, or restated).
import { inForce, inSlice as sharedInSlice, notFound, raw, replicaTables, sliceRoots as sharedSliceRoots, sql, todayInVietnam, type Sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";

/** The caller's slice roots, once per request. */
export const sliceRoots = (ctx: HumanitarianContext): Promise<string[]> => sharedSliceRoots(ctx, replicaTables);

/** The chapter in `column` lay in the slice on `date`. */
export const inSlice = (column: string, roots: string[], date: Sql | Date): Sql => sharedInSlice(replicaTables, column, roots, date);

/** The chapter in `column` is in the slice today, or was merged (through any chain of merges)
 * into a chapter that is. */
export function inSliceFollowingMerges(column: string, roots: string[]): Sql {
  const today = todayInVietnam();
  return sql`${raw(column)} IN (
    WITH RECURSIVE visible(id) AS (
      SELECT s."descendantId" FROM "TreeClosure" s WHERE s."ancestorId" = ANY(${roots}::uuid[]) AND ${inForce("s", today)}
      UNION
      SELECT m."predecessorId" FROM "TreeSuccession" m JOIN visible v ON m."successorId" = v.id WHERE m.kind = 'MERGE'
    )
    SELECT id FROM visible)`;
}

export interface RawDb {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<T>;
}

/** Write check on `tx`: the chapter exists today and lies in the caller's slice. */
export async function requireChapterInSlice(db: RawDb, roots: string[], chapterId: string): Promise<void> {
  const rows = await db.$queryRaw<{ ok: boolean }[]>(
    sql`SELECT ${inSlice('"x"."id"', roots, todayInVietnam())} AS ok FROM (SELECT ${chapterId}::uuid AS id) "x"`,
  );
  if (!rows[0]?.ok) throw notFound(`No chapter ${chapterId} in your part of the tree.`);
}
