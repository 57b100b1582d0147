// One logger for every service. Every record passes the audit log's redaction (audit/redact.ts):
// personal-data fields by name at any depth, and values quoted back in GraphQL's messages, so no
// log line holds a name, phone or CCCD whatever a caller sends or a library chooses to log.
import { pino, stdSerializers, type Logger } from "pino";
import { redactLogValue, redactMessage } from "./audit/redact.ts";

export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" || process.env.VITEST ? "warn" : "info"),
  base: undefined,
  formatters: { log: (record) => redactLogValue(record) as Record<string, unknown> },
  serializers: { err: (error: Error) => stdSerializers.err(redactLogValue(error) as Error) },
  hooks: {
    logMethod(args, method) {
      method.apply(this, args.map((arg) => (typeof arg === "string" ? redactMessage(arg) : arg)) as Parameters<typeof method>);
    },
  },
});

export function serviceLogger(service: string): Logger {
  return logger.child({ service });
}
