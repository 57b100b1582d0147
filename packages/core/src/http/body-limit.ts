// How large a request may be, in one place, so the HTTP limit and the largest argument agree:
// a CSV import may be 5 MB, and JSON-encoding it can at most double it (every newline or quote
// becomes two bytes), so a request may be twice that plus room for the query itself.
import type { NextFunction, Request, Response } from "express";

/** The largest CSV file an import accepts, in bytes of UTF-8. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** The largest request body the gateway and the subgraphs accept, in bytes. */
export const REQUEST_BODY_LIMIT = 2 * MAX_CSV_BYTES + 1024 * 1024;

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export const requestTooLargeMessage = `The request is larger than ${megabytes(REQUEST_BODY_LIMIT)}, the most this service accepts (a CSV import may be at most ${megabytes(MAX_CSV_BYTES)}): send less at once, e.g. split the file.`;

/** Express error handler: a body over the limit gets a GraphQL error a person can act on. */
export function payloadTooLarge(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if ((error as { type?: string } | null)?.type !== "entity.too.large") return next(error);
  res.status(413).json({ errors: [{ message: requestTooLargeMessage, extensions: { code: "BAD_USER_INPUT", maxBytes: REQUEST_BODY_LIMIT } }] });
}
