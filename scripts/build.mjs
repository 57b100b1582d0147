// `npm run build`: a deployable tree under dist/ that runs with plain `node` and production
// dependencies only (docs/deploy.md):
//   1. every workspace compiled to JavaScript (tsconfig.build.json), in the same places;
//   2. what the code reads at run time copied beside it: migrations and the Prisma CLI's config,
//      the gateway's registered operations, conference screen and dashboard page, the committed schema;
//   3. the root and each workspace's package.json and the lockfile, with the packages' entry
//      points moved from src/*.ts to the compiled src/*.js, so `npm ci --omit=dev` in dist/
//      links the workspaces to their JavaScript.
// Run `npm run generate` first (the Prisma clients are compiled with the rest).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "dist");
const started = Date.now();

if (!existsSync(path.join(root, "subgraphs/organization/src/generated"))) {
  console.error("The Prisma clients are not generated: run `npm run generate` first.");
  process.exit(1);
}
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const copy = (from, to = from) => cpSync(path.join(root, from), path.join(dist, to), { recursive: true });

// what the services read from disk at run time, relative to the compiled code
copy("gateway/persisted");
copy("gateway/screen");
copy("gateway/dashboard");
copy("schema");
copy("prisma/unref-timers.cjs");
copy("prisma/cli-adapter.ts"); // the Prisma CLI loads its TypeScript config itself
for (const subgraph of readdirSync(path.join(root, "prisma"))) {
  const dir = path.join("prisma", subgraph);
  if (!existsSync(path.join(root, dir, "prisma.config.ts"))) continue;
  for (const file of ["prisma.config.ts", "schema.prisma", "migrations"]) copy(path.join(dir, file));
}

/** "./src/index.ts" → "./src/index.js", in every entry of an exports map */
const toJs = (value) =>
  typeof value === "string" ? value.replace(/\.ts$/, ".js") : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJs(v)]));

const rootPackage = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
// the dependency lists stay as they are (npm ci checks them against the lockfile); the scripts
// are the production ones
rootPackage.scripts = {
  start: "node stack/src/start-all.js",
  "start:gateway": "node gateway/src/main.js",
  "start:subgraph": "node stack/src/subgraph-main.js",
  migrate: "node stack/src/migrate-main.js",
};
writeFileSync(path.join(dist, "package.json"), `${JSON.stringify(rootPackage, null, 2)}\n`);
copy("package-lock.json");

for (const pattern of rootPackage.workspaces) {
  const parent = pattern.endsWith("/*") ? pattern.slice(0, -2) : null;
  const workspaces = parent ? readdirSync(path.join(root, parent)).map((name) => path.join(parent, name)) : [pattern];
  for (const workspace of workspaces) {
    const file = path.join(root, workspace, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    if (pkg.exports) pkg.exports = toJs(pkg.exports);
    delete pkg.scripts;
    mkdirSync(path.join(dist, workspace), { recursive: true });
    writeFileSync(path.join(dist, workspace, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  }
}

console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s — next: cd dist && npm ci --omit=dev && node gateway/src/main.js (docs/deploy.md)`);
