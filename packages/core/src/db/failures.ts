// What a database failure means to the caller. Errors reach us in several wrappings (pg's own,
// Prisma's known-request errors, the driver adapter's mapped cause), so this reads every layer
// for a PostgreSQL SQLSTATE, a socket code or an adapter kind, and answers one of two stable
// meanings: another request won a race (CONFLICT), or the database is away for a moment
// (SERVICE_UNAVAILABLE, retryable). Anything else stays an internal error.
import type { GraphQLError } from "graphql";
import { conflict, serviceUnavailable } from "../errors.ts";

/** SQLSTATEs and adapter kinds of a lost race: unique or exclusion violation, serialization
 * failure, deadlock. */
const RACE = new Set(["23505", "23P01", "40001", "40P01", "P2002", "P2034", "UniqueConstraintViolation", "TransactionWriteConflict"]);

/** Connection refused or lost, server shutting down or restarting, pool exhausted. */
const AWAY = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
  "08001",
  "P1001",
  "P1017",
  "P2024",
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const AWAY_MESSAGE =
  /connection terminated|is not currently accepting connections|terminating connection|server closed the connection|connection (?:is )?closed|timeout exceeded when trying to connect|can't reach database|the database system is (?:shutting down|starting up)|Client has encountered a connection error/i;

function layers(error: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const queue: unknown[] = [error];
  while (queue.length && found.length < 12) {
    const next = queue.shift();
    if (!next || typeof next !== "object" || found.includes(next as Record<string, unknown>)) continue;
    const layer = next as Record<string, unknown>;
    found.push(layer);
    queue.push(layer.cause, layer.meta, layer.driverAdapterError, layer.originalError);
  }
  return found;
}

export type DatabaseFailure = "race" | "away";

export function classifyDatabaseFailure(error: unknown): DatabaseFailure | null {
  for (const layer of layers(error)) {
    for (const field of ["code", "originalCode", "kind"]) {
      const value = layer[field];
      if (typeof value !== "string") continue;
      if (RACE.has(value)) return "race";
      if (AWAY.has(value)) return "away";
    }
    if (typeof layer.message === "string" && AWAY_MESSAGE.test(layer.message)) return "away";
  }
  return null;
}

/** The error a caller sees for a database failure, or null if it is not one we can explain. */
export function databaseFailureError(error: unknown): GraphQLError | null {
  switch (classifyDatabaseFailure(error)) {
    case "race":
      return conflict("Another request changed the same record at the same moment and was recorded first: reload it and decide whether to send yours again.");
    case "away":
      return serviceUnavailable("The database is unavailable for a moment (restarting or unreachable). Nothing was recorded: try again in a few seconds.");
    default:
      return null;
  }
}
