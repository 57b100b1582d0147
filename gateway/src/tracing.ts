// The gateway's spans come from the runtime's own OpenTelemetry plugin: the HTTP request (the
// root span, with hive.request.id), parse, validate, the plan's execution, each subgraph call and
// its upstream fetch, whose `traceparent` header continues the trace in the subgraph. It writes
// to the tracer provider core's startTracing registered (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is
// set); with tracing off the plugin is not installed at all. Personal data is dropped before
// export (core's RedactingSpanProcessor: the document, URL query strings, client address).
import { tracer, tracingOn } from "@chapters/core";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import type { Logger } from "@graphql-hive/logger";
import { useOpenTelemetry } from "@graphql-hive/plugin-opentelemetry";

export function tracingPlugins(log: Logger): GatewayPlugin[] {
  if (!tracingOn()) return [];
  return [
    useOpenTelemetry({
      log,
      useContextManager: true,
      inheritContext: true,
      propagateContext: true,
      // the operation's hash is enough to group requests; the document is dropped before export
      traces: {
        tracer: tracer(),
        spans: {
          // the health checks and metrics scrapes are not requests worth a trace
          http: ({ request }) => new URL(request.url).pathname === "/graphql",
        },
      },
    }) as unknown as GatewayPlugin,
  ];
}
