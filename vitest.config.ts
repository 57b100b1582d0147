import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";
import { OWN_STACK } from "./test/own-stack.ts";

const ALL = ["test/**/*.test.ts"];
const OWN = Object.keys(OWN_STACK);

export default defineConfig({
  resolve: {
    // Node resolves "graphql" to its CommonJS build (no "exports" map, "main": "index"), and so do
    // Apollo and Pothos; Vite would pick the ESM build for our own sources. Two copies of graphql
    // in one process refuse each other's types, so tests use the one production uses.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }],
  },
  test: {
    testTimeout: 60_000,
    // a worker's first stack may also build the run's snapshot (stack/src/testing/snapshots.ts)
    hookTimeout: 300_000,
    pool: "forks",
    // names the run, whose files start their stacks from one snapshot (docs/testing.md)
    globalSetup: ["test/global-setup.ts"],
    // two cores here
    maxWorkers: 2,
    reporters: ["default"],
    projects: [
      // files that only read: a worker keeps its modules and its one stack from file to file
      // (stack/src/testing/shared.ts); they run first, then the files with stacks of their own
      { extends: true, test: { name: "shared", include: ALL, exclude: OWN, isolate: false, sequence: { groupOrder: 0 } } },
      // files that write or stop services (test/own-stack.ts says why for each): a stack each,
      // started from the run's snapshot
      { extends: true, test: { name: "own", include: OWN, sequence: { groupOrder: 1 } } },
    ],
  },
});
