// The one way a list is paged (every list paginated, in SQL, batched: docs/architecture.md): relay
// connections over offset cursors, 50 items by default and at most 1,000, bad page arguments and
// cursors refused rather than clamped, and a totalCount from the database — a count statement run
// only when a client asks for it, or the windowed count of a statement that pages many parents'
// lists at once. No resolver slices a list in memory or counts one by hand: the layout test
// (test/platform/pagination.test.ts) fails on one that does.
import { resolveOffsetConnection } from "@pothos/plugin-relay";
import { raw, sql, type RawQuerier, type Sql } from "./db/sql.ts";
import { badInput } from "./errors.ts";

export const MAX_PAGE_SIZE = 1000;

/** The one page size policy of every list: 50 by default, at most 1,000. */
export const PAGE = { defaultSize: 50, maxSize: MAX_PAGE_SIZE };

/** The relay arguments of a connection field. */
export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** The rows of one page, as SQL takes it (LIMIT / OFFSET). */
export interface Page {
  limit: number;
  offset: number;
}

/** Where a connection's items and total come from:
 * - `page` and `count`: a list at the root — a LIMIT/OFFSET statement, and a count statement that
 *   runs only when totalCount is selected;
 * - `pageWithTotal`: a list under many parents (a chapter's children, a donor's donations) — one
 *   page of every parent in one windowed statement through a request's DataLoader, its total
 *   counted in the same statement (`count(*) OVER (PARTITION BY parent)`; see windowedPages). */
export type PageSource<T> =
  | { page: (page: Page) => Promise<readonly T[]>; count: () => Promise<number> }
  | { pageWithTotal: (page: Page) => Promise<{ items: readonly T[]; total: number }> };

/** A cursor this API handed out: base64 of "OffsetConnection:<n>" (Pothos's offset cursors). */
function checkCursor(name: "after" | "before", cursor: string | null | undefined): void {
  if (cursor === null || cursor === undefined) return;
  const text = cursor.length <= 64 ? Buffer.from(cursor, "base64").toString("utf8") : "";
  if (!/^OffsetConnection:\d{1,9}$/.test(text)) {
    throw badInput(`${name} is not a cursor from this list: pass pageInfo.endCursor (or an edge's cursor) exactly as it was returned.`);
  }
}

/** Relay page arguments a person can get wrong: a clear error instead of a silent clamp. */
export function checkPageArgs(args: PageArgs, max = MAX_PAGE_SIZE): void {
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (value === null || value === undefined) continue;
    if (value < 0) throw badInput(`${name} cannot be negative.`);
    if (value > max) throw badInput(`${name} is at most ${max}: ask for the next page with after: pageInfo.endCursor.`);
  }
  checkCursor("after", args.after);
  checkCursor("before", args.before);
  if (args.last != null && args.before == null && args.first == null) {
    throw badInput("last pages backwards from a cursor: give before (pageInfo.startCursor), or use first for the first page.");
  }
}

/** The connection of one list: its page arguments checked, its page and total from `source`. */
export async function offsetConnection<T>(args: PageArgs, source: PageSource<T>) {
  checkPageArgs(args, PAGE.maxSize);
  if ("count" in source) {
    const connection = await resolveOffsetConnection({ args, ...PAGE }, source.page);
    return Object.assign(connection, { totalCount: source.count });
  }
  let total = 0;
  const connection = await resolveOffsetConnection({ args, ...PAGE }, async (page) => {
    const result = await source.pageWithTotal(page);
    total = result.total;
    return result.items;
  });
  return Object.assign(connection, { totalCount: total });
}

/** A root list as one statement's rows: the page in SQL (LIMIT/OFFSET after the statement's own
 * ORDER BY) and its count as a second statement over the same rows. */
export function statementPages<T>(db: RawQuerier, statement: Sql): PageSource<T> {
  return {
    page: async (page) => db.$queryRaw<T[]>(sql`${statement} LIMIT ${page.limit} OFFSET ${page.offset}`),
    count: async () => {
      const [row] = await db.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM (${statement}) counted`);
      return row?.n ?? 0;
    },
  };
}

/** The rows of a windowed statement kept for a page: the page's rows, and each parent's first
 * row, so that a page past the end of a list (offset ≥ its total) still tells its total. */
function pageWindow(n: Sql, page: Page): Sql {
  return sql`(${n} = 1 OR (${n} > ${page.offset} AND ${n} <= ${page.offset + page.limit}))`;
}

/** The pages of one list under many parents (a chapter's children, a plan's sheets: a DataLoader's
 * batch) and each list's true total, from ONE statement whatever the number of parents.
 * `statement` selects every parent's rows, each with `n`, its row number in its parent's list
 * (`row_number() OVER (PARTITION BY parent ORDER BY …)`), and `total`, the size of that list
 * (`count(*) OVER (PARTITION BY parent)`). The page is cut here, around the statement, so the
 * total is never taken from the page's rows: a parent whose page is past the end keeps one row
 * (its first) to carry its total, and that row is not an item. Pages come back in the order of
 * `parents`; a parent without rows has an empty list of total 0. */
export async function windowedPages<T>(
  db: RawQuerier,
  statement: Sql,
  page: Page,
  parents: readonly string[],
  parentOf: (row: T) => string,
): Promise<{ items: T[]; total: number }[]> {
  const rows = await db.$queryRaw<(T & { n: number | bigint; total: number | bigint })[]>(sql`
    SELECT * FROM (${statement}) windowed WHERE ${pageWindow(raw("windowed.n"), page)} ORDER BY windowed.n`);
  const byParent = new Map<string, { items: T[]; total: number }>();
  for (const { n, total, ...item } of rows) {
    const row = item as unknown as T;
    const entry = byParent.get(parentOf(row)) ?? { items: [], total: Number(total) };
    if (Number(n) > page.offset && Number(n) <= page.offset + page.limit) entry.items.push(row);
    byParent.set(parentOf(row), entry);
  }
  return parents.map((parent) => byParent.get(parent) ?? { items: [], total: 0 });
}
