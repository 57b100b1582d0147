// One stack per test worker for the files that only read (the "shared" project of
// vitest.config.ts): the worker keeps its modules between files, so the first such file starts the
// stack and the next ones reuse it. Files that write anything — or stop a service, or need their
// own gateway settings — start their own from the run's snapshot instead (test/own-stack.ts says
// why for each), so no file's result depends on which files ran before it in its worker.
import { run, SHARED_PREFIX } from "./snapshot-run.ts";
import { startTestStack, type TestStack } from "./stack.ts";

let shared: Promise<TestStack> | undefined;

/** This worker's stack; its stop() does nothing (the worker's exit ends it, and the run's global
 * teardown drops its database on the server). */
export async function sharedTestStack(): Promise<TestStack> {
  const id = run();
  shared ??= startTestStack(id ? { databaseName: `${SHARED_PREFIX}${id}_${process.pid}` } : {});
  const stack = await shared;
  return { ...stack, stop: async () => undefined };
}
