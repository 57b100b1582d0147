// A span for each SQL statement a subgraph's pool sends (Prisma's through its driver adapter and
// our raw SQL alike), named by what it does — "SELECT blood.Donation" — never by its text or
// parameters, which may hold personal data (a name searched for, a national id).
import { SpanKind } from "@opentelemetry/api";
import { endWithError, tracer, tracingOn } from "./tracing.ts";

const TABLE = /\b(?:FROM|INTO|UPDATE|JOIN)\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)/i;

/** "SELECT", "blood.Donation" from a statement (the first table it reads or writes). */
export function statementSummary(text: string, schema: string): { operation: string; table?: string } {
  const operation = (/^\s*(\w+)/.exec(text)?.[1] ?? "SQL").toUpperCase();
  const table = TABLE.exec(text)?.[1]?.replace(/"/g, "");
  return { operation, table: table ? (table.includes(".") ? table : `${schema}.${table}`) : undefined };
}

type Query = (...args: unknown[]) => unknown;

/** `query` (a pg client's) wrapped so each statement is a client span under the active one. */
export function tracedQuery(query: Query, schema: string): Query {
  return (...args: unknown[]) => {
    if (!tracingOn()) return query(...args);
    const first = args[0];
    const text = typeof first === "string" ? first : typeof (first as { text?: unknown })?.text === "string" ? (first as { text: string }).text : "";
    const { operation, table } = statementSummary(text, schema);
    const span = tracer().startSpan(table ? `${operation} ${table}` : operation, {
      kind: SpanKind.CLIENT,
      attributes: { "db.system.name": "postgresql", "db.namespace": schema, "db.operation.name": operation, ...(table ? { "db.collection.name": table } : {}) },
    });
    // pg's Pool calls client.query with a callback; Prisma's adapter awaits the promise
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        if (error) endWithError(span, error);
        else span.end();
        return (last as (e: unknown, r: unknown) => unknown)(error, result);
      };
      return query(...args);
    }
    const result = query(...args) as Promise<unknown> | undefined;
    if (!result || typeof result.then !== "function") {
      span.end();
      return result;
    }
    return result.then(
      (rows) => {
        span.end();
        return rows;
      },
      (error: unknown) => {
        endWithError(span, error);
        throw error;
      },
    );
  };
}
