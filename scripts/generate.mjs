// Generates each subgraph's Prisma client and Pothos types (offline; no database needed).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const subgraphs = readdirSync(path.join(root, "prisma")).filter((name) =>
  existsSync(path.join(root, "prisma", name, "prisma.config.ts")),
);
for (const name of subgraphs) {
  const result = spawnSync(
    process.execPath,
    ["-r", path.join(root, "prisma", "unref-timers.cjs"), cli, "generate", "--config", path.join("prisma", name, "prisma.config.ts")],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
  );
  if (result.status !== 0) {
    process.stdout.write(result.stdout);
    process.exit(result.status ?? 1);
  }
  console.log(`generated the ${name} client`);
}

// the example dashboard client's types, from the committed API schema (docs/dashboard-teams.md);
// skipped where the dev dependencies are not installed
const codegenPackage = (() => {
  try {
    return createRequire(import.meta.url).resolve("@graphql-codegen/cli/package.json");
  } catch {
    return null;
  }
})();
if (codegenPackage) {
  const codegen = spawnSync(
    process.execPath,
    [path.join(path.dirname(codegenPackage), "esm/bin.js"), "--config", "examples/dashboard-client/codegen.yml", "--silent"],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (codegen.status !== 0) {
    console.error("GraphQL Code Generator failed on examples/dashboard-client: an operation there no longer fits schema/api.graphql.");
    process.exit(codegen.status ?? 1);
  }
  console.log("generated the example dashboard client's types");
}
