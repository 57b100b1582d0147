import { pino, type Logger } from "pino";

export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" || process.env.VITEST ? "warn" : "info"),
  base: undefined,
});

export function serviceLogger(service: string): Logger {
  return logger.child({ service });
}
