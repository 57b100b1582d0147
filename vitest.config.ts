import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    // each test file starts its own stack (databases, subgraphs, gateway); two cores here
    maxWorkers: 2,
    reporters: ["default"],
  },
});
