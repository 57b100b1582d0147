// Start-up failures of the stack's processes: a database server that does not answer is said in one
// line naming the variable to fix; everything else is reported as the gateway reports it.
import { exitOnStartupError as exitOnGatewayStartupError } from "@chapters/gateway";

export { exitWithoutProductionSecrets } from "@chapters/gateway";
import { DatabaseUnreachableError } from "./stack.ts";

export function exitOnStartupError(error: unknown): never {
  if (error instanceof DatabaseUnreachableError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  return exitOnGatewayStartupError(error);
}
