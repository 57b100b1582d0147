// The one place where error codes live. Every error a caller can see carries one of these
// stable codes in extensions.code, and a message a person can act on.
import { GraphQLError } from "graphql";

export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  /** the database or another dependency is away for a moment: the request wrote nothing; retry */
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };
const retryable: Partial<Record<ErrorCode, boolean>> = { SERVICE_UNAVAILABLE: true };

function appError(code: ErrorCode, message: string, details?: Record<string, unknown>): GraphQLError {
  const status = httpStatus[code];
  return new GraphQLError(message, {
    extensions: { code, ...details, ...(retryable[code] ? { retryable: true } : {}), ...(status ? { http: { status } } : {}) },
  });
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  appError(ErrorCode.BAD_USER_INPUT, message, details);
export const unauthenticated = (message = "Sign in first: send a valid token in the Authorization header (Bearer).") =>
  appError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message: string) => appError(ErrorCode.FORBIDDEN, message);
export const notFound = (message: string) => appError(ErrorCode.NOT_FOUND, message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  appError(ErrorCode.CONFLICT, message, details);

export const serviceUnavailable = (message: string) => appError(ErrorCode.SERVICE_UNAVAILABLE, message);

/** Turns a zod failure into one BAD_USER_INPUT error listing every problem with its field path. */
export function fromZodIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): GraphQLError {
  const problems = issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
  const summary = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join("; ");
  return badInput(`Invalid input. ${summary}`, { problems });
}

/** Named-field checks zod cannot express, in the same shape as a zod failure (`problems`). */
export function badInputFields(problems: ReadonlyArray<{ field: string; message: string }>): GraphQLError {
  return fromZodIssues(problems.map((p) => ({ path: p.field ? p.field.split(".") : [], message: p.message })));
}
