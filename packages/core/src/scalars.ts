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

/** The largest amount Money carries: JSON numbers are exact up to 2^53 − 1 (≈ 9 million billion
 * đồng, far above any national total). */
const MAX_MONEY = BigInt(Number.MAX_SAFE_INTEGER);

function parseMoney(value: unknown): bigint {
  const text = typeof value === "number" && Number.isInteger(value) ? String(value) : typeof value === "string" ? value.trim() : null;
  if (text === null || !/^-?\d{1,16}$/.test(text)) {
    throw badInput(`"${String(value)}" is not an amount of money: write whole đồng (VND) as an integer, e.g. 24000, without separators or decimals.`);
  }
  const amount = BigInt(text);
  if (amount > MAX_MONEY || amount < -MAX_MONEY) throw badInput(`${text} đồng is beyond the largest amount this API carries (${MAX_MONEY}).`);
  return amount;
}

/** Whole Vietnamese đồng, exact: read and written as a JSON integer (a string of digits is also
 * accepted as input), never as a float. Internally a bigint. */
export const MoneyScalar = new GraphQLScalarType<bigint, number>({
  name: "Money",
  description: "An amount of money in whole Vietnamese đồng (VND), exact: a JSON integer such as 24000 (số tiền, đồng)",
  serialize: (value) => {
    const amount = typeof value === "bigint" ? value : parseMoney(typeof value === "number" ? Math.round(value) : value);
    if (amount > MAX_MONEY || amount < -MAX_MONEY) throw new Error(`Money out of range: ${amount}`);
    return Number(amount);
  },
  parseValue: parseMoney,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT && ast.kind !== Kind.STRING) throw badInput("An amount of money is written as an integer of đồng, e.g. 24000.");
    return parseMoney(ast.value);
  },
});
