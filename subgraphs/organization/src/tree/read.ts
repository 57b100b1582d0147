// Reading the tree as of a date. Every function here is one SQL statement whatever the number
// of chapters asked for (callers batch through DataLoader), and filters by the slice in SQL.
import { windowedPages } from "@chapters/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { ChapterLevel, HostKind, TreeChangeKind } from "../generated/prisma/enums.ts";
import type { OrgContext } from "../builder.ts";
import { inForce, inSlice, sliceRoots } from "../access/slice.ts";

export interface ChapterView {
  id: string;
  code: string;
  foundedOn: Date;
  endedOn: Date | null;
  endKind: TreeChangeKind | null;
  name: string;
  level: ChapterLevel;
  hostKind: HostKind | null;
  parentId: string | null;
  /** the date the question was asked for */
  asOf: Date;
  /** the date this view describes: asOf, or for a chapter that did not exist then, the nearest day it did */
  seenOn: Date;
}

const columns = Prisma.sql`c.id::text AS id, c.code, c."foundedOn", c."endedOn", c."endKind"::text AS "endKind",
  v.name, v.level::text AS level, v."hostKind"::text AS "hostKind", v."parentId"::text AS "parentId"`;

type Row = Omit<ChapterView, "asOf" | "seenOn"> & { seenOn?: Date };
const toView = (asOf: Date) => (row: Row): ChapterView => ({ ...row, asOf, seenOn: row.seenOn ?? asOf });

/** Chapters by id or code, as of a date; a chapter that did not exist on that date is described
 * as on the nearest day it did. Chapters outside the slice are simply absent. */
export async function chaptersByKeys(
  ctx: OrgContext,
  keys: { ids?: string[]; codes?: string[] },
  asOf: Date,
): Promise<ChapterView[]> {
  const roots = await sliceRoots(ctx);
  const which = keys.codes
    ? Prisma.sql`v."chapterId" IN (SELECT id FROM "Chapter" WHERE code = ANY(${keys.codes}::text[]))`
    : Prisma.sql`v."chapterId" = ANY(${keys.ids ?? []}::uuid[])`;
  const d = Prisma.sql`${asOf}::date`;
  const rows = await ctx.prisma.$queryRaw<Row[]>`
    WITH v AS (
      SELECT DISTINCT ON (v."chapterId") v.*,
        CASE WHEN ${inForce("v", d)} THEN ${d}
             WHEN v."validFrom" > ${d} THEN v."validFrom"
             ELSE v."validTo" - 1 END AS "seenOn"
      FROM "ChapterVersion" v
      WHERE ${which}
      ORDER BY v."chapterId", (v."validFrom" <= ${d}) DESC,
        CASE WHEN v."validFrom" <= ${d} THEN v."validFrom" END DESC NULLS LAST, v."validFrom" ASC
    )
    SELECT ${columns}, v."seenOn"
    FROM v JOIN "Chapter" c ON c.id = v."chapterId"
    WHERE ${inSlice("c.id", roots, Prisma.sql`v."seenOn"`)}`;
  return rows.map(toView(asOf));
}

export type ChapterOrder = "CODE" | "NAME";

export interface ChapterFilter {
  asOf: Date;
  /** only chapters strictly below this one */
  underId?: string | null;
  levels?: ChapterLevel[] | null;
  /** accent- and case-insensitive, already folded */
  search?: string | null;
  orderBy?: ChapterOrder;
}

function filterConditions(filter: ChapterFilter, roots: string[]): Prisma.Sql {
  const d = Prisma.sql`${filter.asOf}::date`;
  const parts: Prisma.Sql[] = [inForce("v", d), inSlice("c.id", roots, d)];
  if (filter.underId) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "ChapterClosure" u WHERE u."ancestorId" = ${filter.underId}::uuid
      AND u."descendantId" = c.id AND u.depth > 0 AND ${inForce("u", d)})`);
  }
  if (filter.levels?.length) parts.push(Prisma.sql`v.level::text = ANY(${filter.levels}::text[])`);
  if (filter.search) parts.push(Prisma.sql`v."searchName" LIKE ${`%${escapeLike(filter.search)}%`}`);
  return Prisma.join(parts, " AND ");
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

const orderSql = (order: ChapterOrder | undefined) =>
  order === "NAME" ? Prisma.sql`v."searchName", c.code` : Prisma.sql`c.code`;

export async function listChapters(
  ctx: OrgContext,
  filter: ChapterFilter,
  page: { limit: number; offset: number },
): Promise<ChapterView[]> {
  const roots = await sliceRoots(ctx);
  const rows = await ctx.prisma.$queryRaw<Row[]>`
    SELECT ${columns}
    FROM "ChapterVersion" v JOIN "Chapter" c ON c.id = v."chapterId"
    WHERE ${filterConditions(filter, roots)}
    ORDER BY ${orderSql(filter.orderBy)}
    LIMIT ${page.limit} OFFSET ${page.offset}`;
  return rows.map(toView(filter.asOf));
}

export async function countChapters(ctx: OrgContext, filter: ChapterFilter): Promise<number> {
  const roots = await sliceRoots(ctx);
  const [row] = await ctx.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "ChapterVersion" v JOIN "Chapter" c ON c.id = v."chapterId"
    WHERE ${filterConditions(filter, roots)}`;
  return Number(row?.n ?? 0);
}

export interface ChildPageRequest {
  parentId: string;
  seenOn: Date;
  levels: ChapterLevel[] | null;
  orderBy: ChapterOrder;
  limit: number;
  offset: number;
}

/** One page of children for many parents in one statement (window functions per parent). */
export async function childPages(
  ctx: OrgContext,
  requests: readonly ChildPageRequest[],
): Promise<{ items: ChapterView[]; total: number }[]> {
  const roots = await sliceRoots(ctx);
  const first = requests[0]!; // callers group requests that share date, levels, order and page
  const d = Prisma.sql`${first.seenOn}::date`;
  const levelFilter = first.levels?.length ? Prisma.sql`AND v.level::text = ANY(${first.levels}::text[])` : Prisma.empty;
  const parents = requests.map((r) => r.parentId);
  const pages = await windowedPages<Row>(ctx.prisma, Prisma.sql`
    SELECT ${columns},
      row_number() OVER (PARTITION BY v."parentId" ORDER BY ${orderSql(first.orderBy)})::int AS n,
      count(*) OVER (PARTITION BY v."parentId")::int AS total
    FROM "ChapterVersion" v JOIN "Chapter" c ON c.id = v."chapterId"
    WHERE v."parentId" = ANY(${parents}::uuid[])
      AND ${inForce("v", d)} AND ${inSlice("c.id", roots, d)} ${levelFilter}`, first, parents, (row) => row.parentId ?? "");
  return pages.map(({ items, total }) => ({ items: items.map(toView(first.seenOn)), total }));
}

/** Number of children of each chapter on the given date, for many chapters in one statement. */
export async function childCounts(ctx: OrgContext, ids: readonly string[], on: Date): Promise<Map<string, number>> {
  const roots = await sliceRoots(ctx);
  const d = Prisma.sql`${on}::date`;
  const rows = await ctx.prisma.$queryRaw<{ parentId: string; n: bigint }[]>`
    SELECT v."parentId"::text AS "parentId", count(*) AS n
    FROM "ChapterVersion" v
    WHERE v."parentId" = ANY(${[...ids]}::uuid[]) AND ${inForce("v", d)} AND ${inSlice('v."chapterId"', roots, d)}
    GROUP BY v."parentId"`;
  return new Map(rows.map((r) => [r.parentId, Number(r.n)]));
}

/** Visible ancestors of many chapters on one date, nearest last (root first). */
export async function ancestorsOf(
  ctx: OrgContext,
  ids: readonly string[],
  on: Date,
): Promise<Map<string, ChapterView[]>> {
  const roots = await sliceRoots(ctx);
  const d = Prisma.sql`${on}::date`;
  const rows = await ctx.prisma.$queryRaw<(Row & { of: string })[]>`
    SELECT s."descendantId"::text AS "of", ${columns}
    FROM "ChapterClosure" s
    JOIN "Chapter" c ON c.id = s."ancestorId"
    JOIN "ChapterVersion" v ON v."chapterId" = c.id AND ${inForce("v", d)}
    WHERE s."descendantId" = ANY(${[...ids]}::uuid[]) AND s.depth > 0 AND ${inForce("s", d)}
      AND ${inSlice("c.id", roots, d)}
    ORDER BY s.depth DESC`;
  const result = new Map<string, ChapterView[]>();
  for (const row of rows) {
    const list = result.get(row.of) ?? [];
    list.push(toView(on)(row));
    result.set(row.of, list);
  }
  return result;
}
