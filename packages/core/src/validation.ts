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
