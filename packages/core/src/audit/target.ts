// The chapter a mutation targets, for its audit entry: a `chapterId` argument (at the top or in
// `input`), or else the chapter of the record an id argument names (`donorId`, `planId`, `id`…),
// read from this subgraph's tables that have an `id` and a `chapterId`. So an attempt on another
// province's donor is filed under that donor's chapter, and that province's ADMINs see it in their
// audit log (audit/log.ts reads entries by the chapter they concern).
import { join, raw, sql, type Sql } from "../db/sql.ts";
import { isUuid } from "../validation.ts";

interface Querier {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

/** The `chapterId` argument, when it is an id. */
export function chapterArgument(args: Record<string, unknown>): string | null {
  const input = args.input && typeof args.input === "object" ? (args.input as Record<string, unknown>) : {};
  const id = args.chapterId ?? input.chapterId;
  return isUuid(id) ? id : null;
}

/** Ids among the arguments (top level and `input`), those named like a record first. */
function recordIds(args: Record<string, unknown>): string[] {
  const input = args.input && typeof args.input === "object" ? (args.input as Record<string, unknown>) : {};
  const ids = Object.entries({ ...args, ...input })
    .filter(([name, value]) => /(^id|Id)$/.test(name) && isUuid(value))
    .map(([, value]) => value as string);
  return [...new Set(ids)].slice(0, 5);
}

interface ChapterTable {
  table: string;
  idType: string;
  /** the column holding the chapter: `chapterId`, or `id` in the chapter tables themselves */
  chapterColumn: string;
}

/** Tables with an `id` and a `chapterId` (and the chapter tables), per database client (read once). */
const tablesOf = new WeakMap<object, Promise<ChapterTable[]>>();

function chapterTables(db: Querier): Promise<ChapterTable[]> {
  let tables = tablesOf.get(db);
  if (!tables) {
    tables = Promise.resolve(
      db.$queryRaw<ChapterTable[]>(sql`
        SELECT i.table_name AS "table", i.udt_name AS "idType",
               CASE WHEN i.table_name IN ('Chapter', 'TreeChapter') THEN 'id' ELSE 'chapterId' END AS "chapterColumn"
        FROM information_schema.columns i
        WHERE i.table_schema = current_schema() AND i.column_name = 'id' AND i.udt_name IN ('uuid', 'text')
          AND (i.table_name IN ('Chapter', 'TreeChapter') OR EXISTS (
            SELECT 1 FROM information_schema.columns c
            WHERE c.table_schema = i.table_schema AND c.table_name = i.table_name AND c.column_name = 'chapterId'))
        ORDER BY i.table_name`),
    );
    tablesOf.set(db, tables);
    tables.catch(() => tablesOf.delete(db));
  }
  return tables;
}

/** The chapter the mutation with `args` targets, or null when nothing names one. One statement
 * at most (an index lookup per table), only for mutations without a chapterId argument. */
export async function targetChapter(db: Querier, args: Record<string, unknown>): Promise<string | null> {
  const direct = chapterArgument(args);
  if (direct) return direct;
  const ids = recordIds(args);
  if (!ids.length) return null;
  const tables = await chapterTables(db);
  if (!tables.length) return null;
  const lookups = tables.flatMap(({ table, idType, chapterColumn }) =>
    ids.map((id) => sql`(SELECT ${raw(`"${chapterColumn}"`)}::text AS "chapterId" FROM ${raw(`"${table.replace(/"/g, '""')}"`)} WHERE id = ${idType === "uuid" ? sql`${id}::uuid` : sql`${id}`} LIMIT 1)`),
  );
  const [row] = await db.$queryRaw<{ chapterId: string | null }[]>(sql`${join(lookups, " UNION ALL ")} LIMIT 1`);
  return isUuid(row?.chapterId) ? row.chapterId : null;
}
