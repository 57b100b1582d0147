// OpenTelemetry traces (docs/tracing.md): every service registers one tracer provider at start;
// spans leave over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set,
// and nothing is recorded otherwise (the API's no-op tracer: no cost beyond a function call).
// W3C trace context (traceparent) carries a trace from the gateway to the subgraphs and through
// pub/sub to live events. Span attributes never carry personal data: no variables, no SQL
// parameters or text, no token claims — operation names, subgraph names, statement kinds and
// tables, the request id.
import { context, propagation, ROOT_CONTEXT, trace, type Attributes, type Context, type Link, type Span, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { RedactingSpanProcessor } from "./redact.ts";
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";

const TRACER = "chapters";
let provider: BasicTracerProvider | null = null;

export interface TracingOptions {
  /** what the traces call this process (service.name) */
  service: string;
  /** where spans go: default OTLP over HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set */
  exporter?: SpanExporter;
  /** export each span as it ends (tests) instead of in batches */
  immediate?: boolean;
}

/** Whether spans are being recorded in this process. */
export const tracingOn = () => provider !== null;

/** Registers the process's tracer provider; returns false (and changes nothing) when tracing is
 * off. One per process: `npm start` runs every service in one process, under one name. */
export function startTracing(options: TracingOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  if (provider) return true;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!options.exporter && !endpoint) return false;
  // the OTLP exporter reads the endpoint (and OTEL_EXPORTER_OTLP_HEADERS) itself
  const exporter = options.exporter ?? new OTLPTraceExporter();
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME ?? options.service }),
    spanProcessors: [new RedactingSpanProcessor(), options.immediate ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return true;
}

/** Sends what is buffered and stops recording (on shutdown, and between tests). */
export async function stopTracing(): Promise<void> {
  if (!provider) return;
  const stopping = provider;
  provider = null;
  await stopping.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

export const tracer = (): Tracer => trace.getTracer(TRACER);

/** The trace context of `carrier` (HTTP headers, a pub/sub message), or the active one. */
export function contextFrom(carrier: Record<string, unknown> | undefined): Context {
  return carrier ? propagation.extract(context.active(), carrier) : context.active();
}

/** The active trace context as W3C headers (`traceparent`), for a message that outlives the request. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** Ends a span as failed, with the error's kind only (its message may quote the caller's input). */
export function endWithError(span: Span, error: unknown): void {
  const code = (error as { code?: unknown })?.code;
  span.setStatus({ code: 2, message: typeof code === "string" ? code : (error as Error)?.name ?? "error" });
  span.end();
}

/** Runs `work` in a span caused by events published elsewhere (their W3C carriers): a child of the
 * first cause's trace, linked to the others — a live read that folds a burst of events into one
 * belongs to each of their traces. Without tracing, just `work`. */
export async function inSpanCausedBy<T>(name: string, causes: Record<string, string>[], attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return work();
  const contexts = causes.map((carrier) => propagation.extract(ROOT_CONTEXT, carrier));
  const links: Link[] = contexts.slice(1).flatMap((c) => {
    const spanContext = trace.getSpanContext(c);
    return spanContext ? [{ context: spanContext }] : [];
  });
  return tracer().startActiveSpan(name, { attributes, links }, contexts[0] ?? ROOT_CONTEXT, async (span) => {
    try {
      const result = await work();
      span.end();
      return result;
    } catch (error) {
      endWithError(span, error);
      throw error;
    }
  });
}
