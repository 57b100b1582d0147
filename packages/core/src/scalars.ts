import { GraphQLScalarType, Kind } from "graphql";
import { badInput } from "./errors.ts";
import { formatIsoDate, parseIsoDate } from "./dates.ts";

function parseDate(value: unknown): Date {
  const date = typeof value === "string" ? parseIsoDate(value) : null;
  if (!date) throw badInput(`"${String(value)}" is not a date: write it as YYYY-MM-DD, e.g. 2025-07-01.`);
  return date;
}

/** A calendar date, written YYYY-MM-DD. */
export const DateScalar = new GraphQLScalarType<Date, string>({
  name: "Date",
  description: "A calendar date, YYYY-MM-DD (ngày)",
  serialize: (value) => formatIsoDate(value instanceof Date ? value : new Date(String(value))),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput("A date must be a string written YYYY-MM-DD.");
    return parseDate(ast.value);
  },
});
