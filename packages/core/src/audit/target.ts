// The chapter a mutation targets, for its audit entry: a `chapterId` argument (at the top or in
// `input`), or else the chapter of the record an id argument names (`donorId`, `planId`, `id`…),
// read from this subgraph's tables that have an `id` and a `chapterId`. So an attempt on another
// province's donor is filed under that donor's chapter, and that province's ADMINs see it in their
// audit log (audit/log.ts reads entries by the chapter they concern).
import { join, raw, sql, type Sql } from "../db/sql.ts";
import { isUuid, UUID } from "../validation.ts";

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
/** The same, once read: what a write's own INSERT can use without waiting. */
const readTablesOf = new WeakMap<object, ChapterTable[]>();

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
    tables.then((read) => readTablesOf.set(db, read), () => tablesOf.delete(db));
  }
  return tables;
}

/** Reads the client's chapter tables ahead of the first write (a subgraph does so at start), so
 * that a successful mutation's entry names its chapter without a statement of its own. */
export async function prepareAuditTargets(db: Querier): Promise<void> {
  await chapterTables(db);
}

/** One lookup per table and id, the first chapter found. */
function lookups(tables: ChapterTable[], ids: string[]): Sql {
  return join(
    tables.flatMap(({ table, idType, chapterColumn }) =>
      ids.map((id) => sql`(SELECT ${raw(`"${chapterColumn}"`)}::text AS "chapterId" FROM ${raw(`"${table.replace(/"/g, '""')}"`)} WHERE id = ${idType === "uuid" ? sql`${id}::uuid` : sql`${id}`} LIMIT 1)`),
    ),
    " UNION ALL ",
  );
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
  const [row] = await db.$queryRaw<{ chapterId: string | null }[]>(sql`${lookups(tables, ids)} LIMIT 1`);
  return isUuid(row?.chapterId) ? row.chapterId : null;
}

/** The same chapter as an SQL expression for the entry's own INSERT (no statement of its own): the
 * `chapterId` argument, or the chapter of the record an id argument names — read inside the
 * mutation's transaction, so it is the record as the change left it. NULL while `db`'s tables
 * have not been read (they are read at start; a failed read is retried here). */
export function targetChapterSql(db: Querier, args: Record<string, unknown>): Sql {
  const direct = chapterArgument(args);
  if (direct) return sql`${direct}::uuid`;
  const ids = recordIds(args);
  const tables = readTablesOf.get(db);
  if (!tables) void chapterTables(db).catch(() => undefined);
  if (!ids.length || !tables?.length) return sql`NULL::uuid`;
  return sql`(SELECT found."chapterId"::uuid FROM (${lookups(tables, ids)}) found
    WHERE found."chapterId" ~* ${UUID.source} LIMIT 1)`;
}
