import { missingProductionSecrets } from "@chapters/core";
import { CompositionError } from "./compose.ts";

/** Start-up failures a person can fix (subgraphs that do not compose, a port in use) are
 * printed as one readable message, without a stack trace, and stop the process. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof CompositionError) {
    console.error(`\nThe gateway cannot start.\n${error.message}\n`);
  } else if (error instanceof Error && (error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(`\nThe gateway cannot start: ${error.message}. Set PORT to another port.\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
}

/** With NODE_ENV=production, a process without its own secrets stops at once, naming them (the
 * development defaults are published, so tokens signed with them prove nothing). */
export function exitWithoutProductionSecrets(what: string): void {
  if (process.env.NODE_ENV !== "production") return;
  const missing = missingProductionSecrets();
  if (!missing.length) return;
  console.error(`\n${what} cannot start with NODE_ENV=production: set ${missing.join(" and ")} (the development defaults are published).\n`);
  process.exit(1);
}
