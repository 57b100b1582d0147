import { resolveOffsetConnection } from "@pothos/plugin-relay";
import { z } from "zod";
import { badInput, fromZodIssues } from "./errors.ts";

/** An id as every table stores it: a uuid in PostgreSQL's text form (any version: synthetic rows
 * derive theirs from md5, which is not an RFC version, and the column takes them all). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` can be an id: a lookup by anything else finds nothing (without a failed cast in SQL). */
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/** The one zod check of an id argument, with the one message (parseInput names the field). */
export const uuid = z.string().regex(UUID, "must be an id (uuid)");

/** Parses input with a zod schema; failures become one BAD_USER_INPUT error naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodIssues(result.error.issues);
  return result.data;
}

/** A year a read is asked about (figures, dues, indicators): refused outside 1950–2100, since an
 * absurd year (-2147483627) would become an invalid date inside the SQL. */
export function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 1950 || year > 2100) throw badInput(`year must be a year between 1950 and 2100 (got ${year}).`);
  return year;
}

export const MAX_PAGE_SIZE = 1000;

/** The one page size policy of every list: 50 by default, at most 1,000. */
export const PAGE = { defaultSize: 50, maxSize: MAX_PAGE_SIZE };

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

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

/** Checks the page arguments and hands them on (for resolveOffsetConnection). */
export function pageArgs<A extends PageArgs>(args: A): A {
  checkPageArgs(args, PAGE.maxSize);
  return args;
}

/** Adds a lazily counted totalCount to a connection: the count query runs only when asked for. */
export async function withTotal<C extends object>(connection: Promise<C>, total: () => Promise<number>) {
  return Object.assign(await connection, { totalCount: total });
}

/** A connection over one parent's page, loaded through a DataLoader that every parent listed in
 * the same request shares (so N parents cost one statement); the loader reports the total. */
export async function pagedConnection<T>(
  args: PageArgs,
  load: (page: { limit: number; offset: number }) => Promise<{ items: T[]; total: number }>,
) {
  let total = 0;
  const connection = await resolveOffsetConnection({ args: pageArgs(args), ...PAGE }, async (page) => {
    const result = await load(page);
    total = result.total;
    return result.items;
  });
  return Object.assign(connection, { totalCount: total });
}
