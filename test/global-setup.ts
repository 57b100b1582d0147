// Names the test run, so the stacks' snapshots (stack/src/testing/snapshots.ts) are shared by the
// run's files and no other run's, and drops them when the run ends.
import { dropSnapshots, newRunId, TEST_RUN_VARIABLE } from "@chapters/stack/testing/snapshot-run";

export default function setup() {
  const id = (process.env[TEST_RUN_VARIABLE] ??= newRunId());
  return () => dropSnapshots(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres", id);
}
