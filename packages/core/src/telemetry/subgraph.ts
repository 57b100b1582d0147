// A subgraph's part of a trace: a server span per request, continuing the gateway's trace from
// the W3C `traceparent` header, with the request id and the operation's name; inside it a span
// per root field and entity batch resolved (the resolvers of note), and the SQL spans (sql.ts).
import type { ApolloServerPlugin } from "@apollo/server";
import { context, SpanKind, trace } from "@opentelemetry/api";
import type { NextFunction, Request, Response } from "express";
import { contextFrom, tracer, tracingOn } from "./tracing.ts";

/** Express middleware (after the body is parsed, so the handler runs inside the span's context). */
export function traceSubgraphRequests(subgraph: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!tracingOn()) return next();
    const operationName = typeof req.body?.operationName === "string" ? req.body.operationName : undefined;
    const requestId = req.headers["x-request-id"];
    const span = tracer().startSpan(
      `${subgraph} ${operationName ?? "graphql"}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          "chapters.subgraph": subgraph,
          "http.request.method": req.method,
          "url.path": req.originalUrl.split("?")[0],
          ...(operationName ? { "graphql.operation.name": operationName } : {}),
          ...(typeof requestId === "string" ? { "chapters.request_id": requestId } : {}),
        },
      },
      contextFrom(req.headers as Record<string, unknown>),
    );
    res.once("finish", () => {
      span.setAttribute("http.response.status_code", res.statusCode);
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), next);
  };
}

/** A span per root field (Query.*, Mutation.*, _entities): what the subgraph was asked to do. */
export function traceRootResolvers(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      if (!tracingOn()) return {};
      return {
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              if (info.path.prev !== undefined) return;
              const span = tracer().startSpan(`resolve ${info.parentType.name}.${info.fieldName}`, {
                attributes: { "graphql.field.path": `${info.parentType.name}.${info.fieldName}` },
              });
              return (error) => {
                if (error) span.setStatus({ code: 2, message: (error as { extensions?: { code?: string } }).extensions?.code ?? "error" });
                span.end();
              };
            },
          };
        },
      };
    },
  };
}
