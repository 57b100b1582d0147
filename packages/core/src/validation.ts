import type { z } from "zod";
import { fromZodIssues } from "./errors.ts";

/** Parses input with a zod schema; failures become one BAD_USER_INPUT error naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodIssues(result.error.issues);
  return result.data;
}
