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
