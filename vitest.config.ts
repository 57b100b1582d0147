import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Node resolves "graphql" to its CommonJS build (no "exports" map, "main": "index"), and so do
    // Apollo and Pothos; Vite would pick the ESM build for our own sources. Two copies of graphql
    // in one process refuse each other's types, so tests use the one production uses.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // names the run, whose files start their stacks from one snapshot (docs/testing.md)
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    // each test file starts its own stack (databases, subgraphs, gateway) from the run's snapshot; two cores here
    maxWorkers: 2,
    reporters: ["default"],
  },
});
