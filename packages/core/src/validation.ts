import type { z } from "zod";
import { badInput, fromZodIssues } from "./errors.ts";

/** Parses input with a zod schema; failures become one BAD_USER_INPUT error naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodIssues(result.error.issues);
  return result.data;
}

export const MAX_PAGE_SIZE = 1000;

/** Relay page arguments a person can get wrong: a clear error instead of a silent clamp. */
export function checkPageArgs(args: { first?: number | null; last?: number | null }, max = MAX_PAGE_SIZE): void {
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (value === null || value === undefined) continue;
    if (value < 0) throw badInput(`${name} cannot be negative.`);
    if (value > max) throw badInput(`${name} is at most ${max}: ask for the next page with after: pageInfo.endCursor.`);
  }
}
