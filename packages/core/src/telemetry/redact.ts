// The last guard before spans leave the process: attributes that can carry what a caller sent
// (a document with inlined values, a URL's query string, variables, SQL text) or who the caller
// is (client address, user agent) are dropped or cut down, whatever instrumentation set them —
// the gateway runtime's OpenTelemetry plugin records the document, the URL, the client's
// address and user agent by default.
import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";

const DROPPED = [
  /^graphql\.document$/,
  /^graphql\.variables/,
  /^http\.client_ip$/,
  /^client\.address$/,
  /^http\.user_agent$/,
  /^user_agent\./,
  /^db\.statement$/,
  /^db\.query\.(text|parameter)/,
  /^enduser\./,
];
/** URLs keep their path: the query string of a GET request holds the query and its variables */
const URLS = ["http.url", "url.full", "http.target", "url.query"];

export function redactedAttributes(attributes: Record<string, unknown>): void {
  for (const key of Object.keys(attributes)) {
    if (DROPPED.some((pattern) => pattern.test(key))) delete attributes[key];
    else if (URLS.includes(key) && typeof attributes[key] === "string") {
      if (key === "url.query") delete attributes[key];
      else attributes[key] = (attributes[key] as string).split("?")[0];
    }
  }
}

/** Registered before the exporting processor, so what it exports is already cleaned. */
export class RedactingSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parent: Context): void {}
  onEnd(span: ReadableSpan): void {
    redactedAttributes(span.attributes as Record<string, unknown>);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
