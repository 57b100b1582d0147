// What callers see when something fails. Errors carrying one of our stable codes pass through
// with their message (whichever part raised them: the gateway's own checks or a subgraph); a
// subgraph that cannot be reached becomes SUBGRAPH_UNAVAILABLE naming the subgraph, never its
// address; anything else is logged in full and shown as a bare internal error.
import { ErrorCode, redactMessage, serviceLogger } from "@chapters/core";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { GraphQLError, type ExecutionResult } from "graphql";

const log = serviceLogger("gateway");

/** Codes the gateway adds to the ones in @chapters/core (see docs/api.md, "Errors"). */
export const GatewayErrorCode = {
  /** a subgraph did not answer (down, refused the connection, or timed out) */
  SUBGRAPH_UNAVAILABLE: "SUBGRAPH_UNAVAILABLE",
  /** the operation is deeper, has more aliases or more tokens than allowed */
  QUERY_TOO_COMPLEX: "QUERY_TOO_COMPLEX",
  /** the caller sent more requests than its rate allows */
  RATE_LIMITED: "RATE_LIMITED",
  /** the caller may run only registered (persisted) operations */
  PERSISTED_ONLY: "PERSISTED_ONLY",
  /** a partner's grants in force do not list the registered operation it sent (docs/partners-and-audit.md) */
  OPERATION_NOT_GRANTED: "OPERATION_NOT_GRANTED",
  /** the caller holds as many live subscriptions as one caller may (MAX_SUBSCRIPTIONS_PER_CALLER) */
  TOO_MANY_STREAMS: "TOO_MANY_STREAMS",
} as const;

const PASSED_THROUGH = new Set<string>([
  ...Object.values(ErrorCode),
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "BAD_REQUEST",
  ...Object.values(GatewayErrorCode),
]);

interface ErrorLike {
  name?: string;
  message?: string;
  extensions?: Record<string, unknown>;
  originalError?: unknown;
  path?: readonly (string | number)[];
  nodes?: GraphQLError["nodes"];
  cause?: unknown;
  code?: string;
}

/** The errors in an error's chain, outermost first (duck-typed: errors may come from another copy of graphql). */
function chain(error: unknown): ErrorLike[] {
  const links: ErrorLike[] = [];
  let current = error as ErrorLike | undefined;
  while (current && typeof current === "object" && links.length < 10) {
    links.push(current);
    current = (current.originalError ?? current.cause) as ErrorLike | undefined;
  }
  return links;
}

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|fetch failed|socket hang up|timed? ?out|aborted|UND_ERR/i;

/** How often a subgraph that is not answering is logged. While it is down every field that needs
 * it fails (fifty on one dashboard, on every request): one warning per subgraph per interval, with
 * the count of the failures it stands for, instead of a full error and stack trace for each. */
const UNREACHABLE_REPORT_MS = 10_000;
const unreachableReports = new Map<string, { at: number; failures: number }>();

function reportUnreachable(subgraph: string, reason: string | undefined): void {
  const now = Date.now();
  const report = unreachableReports.get(subgraph) ?? { at: 0, failures: 0 };
  report.failures++;
  if (now - report.at >= UNREACHABLE_REPORT_MS) {
    log.warn({ subgraph, reason, failures: report.failures }, "a subgraph is not answering; the fields that need it are missing from answers");
    report.at = now;
    report.failures = 0;
  }
  unreachableReports.set(subgraph, report);
}

/** A caller's own mistake, answered with `code`: the same error object, so the server does not log
 * it as unexpected (it logs whatever maskError replaces), with any value the caller sent removed
 * from its message (audit/redact.ts). */
function callerError(error: ErrorLike, code: string): Error {
  const target = error as ErrorLike & { message: string; extensions: Record<string, unknown> };
  target.message = redactMessage(target.message ?? "");
  if (Object.isFrozen(target.extensions) || !target.extensions) {
    return new GraphQLError(target.message, { path: error.path, nodes: error.nodes, extensions: { ...target.extensions, code } });
  }
  target.extensions.code = code;
  return target as unknown as Error;
}

export function maskError(error: unknown, _message: string): Error {
  const links = chain(error);
  const outer = links[0] ?? {};
  const at = { path: outer.path, nodes: outer.nodes };
  // A subgraph refusing a value the gateway passed on (a malformed custom scalar such as a Date)
  // is the caller's input at fault, as when the gateway refuses it itself.
  const fromSubgraph = links.find((l) => l.extensions?.serviceName && l.extensions.code === "GRAPHQL_VALIDATION_FAILED");
  if (fromSubgraph) return new GraphQLError(fromSubgraph.message ?? "", { ...at, extensions: { ...fromSubgraph.extensions, code: "BAD_USER_INPUT" } });
  const known = links.find((l) => typeof l.extensions?.code === "string" && PASSED_THROUGH.has(l.extensions.code));
  if (known) {
    // returned as is when it is the error itself: the runtime then does not log it as unexpected
    const http = known.extensions?.http as { status?: number; spec?: boolean } | undefined;
    if (known === outer && !http?.spec) return error as Error;
    // the server marks errors raised while parsing as the spec's own (`spec`), which keeps HTTP
    // 200 for application/json; a limit we raise keeps its status
    const { spec: _spec, ...ownHttp } = http ?? {};
    return new GraphQLError(known.message ?? "", { ...at, extensions: { ...known.extensions, ...(http ? { http: ownHttp } : {}) } });
  }

  // the server's own refusals of a malformed request (HTTP 4xx: a missing CSRF header, no query)
  const status = (outer.extensions?.http as { status?: number } | undefined)?.status;
  if (status && status >= 400 && status < 500) {
    const code = status === 403 ? "FORBIDDEN" : status === 401 ? "UNAUTHENTICATED" : "BAD_USER_INPUT";
    return callerError(outer, typeof outer.extensions?.code === "string" ? outer.extensions.code : code);
  }
  // a GraphQL error raised before execution, caused by nothing but GraphQL errors: the request's
  // own values did not fit the schema (e.g. a variable with an unknown enum value), as Apollo said
  if (links.every((l) => l.name === "GraphQLError") && !outer.path && outer.extensions?.code === undefined) {
    return callerError(outer, "BAD_USER_INPUT");
  }

  const subgraph = links.map((l) => l.extensions?.serviceName ?? l.extensions?.subgraphName).find((n) => typeof n === "string");
  const unreachable = links.some(
    (l) => l.extensions?.code === "DOWNSTREAM_SERVICE_ERROR" || UNREACHABLE.test(`${l.code ?? ""} ${l.message ?? ""}`),
  );
  if (unreachable) {
    reportUnreachable(typeof subgraph === "string" ? subgraph : "unknown", outer.message);
    const who = typeof subgraph === "string" ? `The ${subgraph} service` : "A service";
    return new GraphQLError(`${who} is not answering, so this part of the answer is missing. The rest is complete; try again shortly.`, {
      ...at,
      extensions: { code: GatewayErrorCode.SUBGRAPH_UNAVAILABLE, ...(typeof subgraph === "string" ? { subgraph } : {}) },
    });
  }
  log.error({ err: error, path: outer.path, subgraph }, "error in an answer");
  return new GraphQLError("Internal error: this part of the answer could not be computed. It has been logged; try again or report it.", {
    ...at,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  });
}

/** When an execution error nulls a non-null root field, GraphQL says the answer is `data: null`
 * beside the errors; the Rust planner's executor leaves `data` out (and the server would then
 * answer HTTP 500). Restore the spec's shape, so callers see an ordinary field error. */
export function useNullDataOnFieldErrors(): GatewayPlugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return; // a stream: each event keeps its own shape
          const single = result as ExecutionResult;
          if (single.data === undefined && single.errors?.some((e) => e.path?.length)) setResult({ ...single, data: null });
        },
      };
    },
  };
}
