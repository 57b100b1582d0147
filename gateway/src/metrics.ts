// GET /metrics: requests, errors and latency per operation, and per subgraph (Prometheus, through
// the runtime's maintained plugin). Every label has a bounded set of values, so no caller can
// grow the series at will or read another caller's request in them: an operation's name when it
// is a registered one (gateway/persisted/), else "ad-hoc" ("Anonymous" without a name), its type,
// the HTTP method and status — never the URL (a GET query's variables, a donor's phone, travel in
// it), an error's path (aliases are the caller's) or a caller-chosen operation name.
import useMeshPrometheus, { createHistogram } from "@graphql-mesh/plugin-prometheus";
import type { Logger } from "@graphql-hive/logger";
import { Registry } from "prom-client";

const METHODS = new Set(["GET", "POST"]);

export function useGatewayMetrics(log: Logger, registeredNames: ReadonlySet<string>) {
  const registry = new Registry();
  const operationName = (name: string | undefined) => (!name ? "Anonymous" : registeredNames.has(name) ? name : "ad-hoc");
  return useMeshPrometheus({
    log,
    registry,
    endpoint: "/metrics",
    // The metrics docs/api.md promises, and only those. Every metric is work on every request (the
    // metrics plugin was the largest of our additions to a request's time); the defaults add a
    // histogram per phase, a quantile summary, a deprecated-field counter that walks each document
    // with type information, and duplicates of the ones below.
    metrics: {
      // requests and latency per operation (and HTTP status)
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: "graphql_yoga_http_duration",
          help: "Time spent on HTTP connection",
          labelNames: ["operationName", "operationType", "method", "statusCode"],
        },
        fillLabelsFn: (params, { request, response }) => ({
          operationName: operationName(params.operationName),
          operationType: params.operationType ?? "unknown",
          method: METHODS.has(request.method) ? request.method : "other",
          statusCode: response.status,
        }),
      }),
      graphql_envelop_error_result: true,
      graphql_envelop_schema_change: true,
      graphql_gateway_subgraph_execute_duration: true,
      graphql_gateway_subgraph_execute_errors: true,
    },
    labels: { subgraphName: true, operationName: false, path: false, fetchRequestHeaders: false, fetchResponseHeaders: false },
  });
}
