// The order of the house, as rules over import statements: core at the bottom; the gateway and each
// subgraph on core only (never on each other); the demo seeds on their own subgraph; the stack on
// all of them; scripts and tests on top, and neither on the other. A package is entered only by a
// name its package.json exports (never `@chapters/gateway/src/...` or a relative path into it).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export interface Unit {
  /** e.g. "core", "gateway", "subgraph:blood", "prisma:blood", "stack", "test" */
  name: string;
  level: number;
  /** the workspace package, when the unit is one */
  pkg?: string;
}

export interface SourceFile {
  /** path from the repository root, with forward slashes */
  file: string;
  imports: string[];
}

export interface Workspace {
  pkg: string;
  dir: string;
  /** the subpaths its package.json exports (".", "./testing") */
  exports: string[];
  /** the @chapters/* packages it declares as dependencies */
  dependsOn: string[];
}

export function unitOf(file: string): Unit | null {
  const [top, second] = file.split("/");
  if (top === "packages" && second === "core") return { name: "core", level: 0, pkg: "@chapters/core" };
  if (top === "gateway") return { name: "gateway", level: 1, pkg: "@chapters/gateway" };
  if (top === "subgraphs" && second) return { name: `subgraph:${second}`, level: 1, pkg: `@chapters/${second}` };
  if (top === "bench") return { name: "bench", level: 1 };
  if (top === "prisma") return file.split("/").length > 2 ? { name: `prisma:${second}`, level: 2 } : { name: "prisma", level: 2 };
  if (top === "stack") return { name: "stack", level: 3, pkg: "@chapters/stack" };
  if (top === "scripts") return { name: "scripts", level: 4 };
  if (top === "test") return { name: "test", level: 4 };
  return null;
}

/** May `from` import `to` at all (by whatever path)? */
function mayImport(from: Unit, to: Unit): boolean {
  if (from.name === to.name) return true;
  // a subgraph's seed builds on that subgraph's own writers, and on the seeds' shared helpers
  if (from.name.startsWith("prisma:")) return to.name === "prisma" || to.name === `subgraph:${from.name.slice(7)}` || to.level < 1;
  return to.level < from.level;
}

/** Every import that crosses the order, in words a reviewer can act on. */
export function violations(files: SourceFile[], workspaces: Workspace[]): string[] {
  const byPkg = new Map(workspaces.map((w) => [w.pkg, w]));
  const found: string[] = [];
  for (const { file, imports } of files) {
    const from = unitOf(file);
    if (!from) continue;
    for (const spec of imports) {
      let to: Unit | null;
      if (spec.startsWith(".")) {
        to = unitOf(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
        if (!to || to.name === from.name) continue;
        const seedIntoItsSubgraph = from.name === `prisma:${to.name.slice(9)}` && to.name.startsWith("subgraph:");
        if (to.pkg && !seedIntoItsSubgraph) {
          found.push(`${file}: "${spec}" reaches into ${to.pkg} by path; import it by name`);
          continue;
        }
      } else if (spec.startsWith("@chapters/")) {
        const pkg = spec.split("/").slice(0, 2).join("/");
        const workspace = byPkg.get(pkg);
        to = workspace ? unitOf(`${workspace.dir}/`) : null;
        if (!workspace || !to) {
          found.push(`${file}: "${spec}" names no workspace package`);
          continue;
        }
        const subpath = `.${spec.slice(pkg.length)}`;
        if (!workspace.exports.includes(subpath)) {
          found.push(`${file}: "${spec}" is not among what ${pkg} exports (${workspace.exports.join(", ")})`);
          continue;
        }
      } else continue; // a library from node_modules or node:
      if (!mayImport(from, to)) found.push(`${file}: ${from.name} may not import ${to.name} ("${spec}")`);
    }
  }
  for (const w of workspaces) {
    const from = unitOf(`${w.dir}/`)!;
    for (const dep of w.dependsOn) {
      const target = byPkg.get(dep);
      const to = target && unitOf(`${target.dir}/`);
      if (to && !mayImport(from, to)) found.push(`${w.dir}/package.json: ${w.pkg} may not depend on ${dep}`);
    }
  }
  return found;
}

const SKIP = new Set(["node_modules", "generated", "migrations", ".data", ".git", "screen", "persisted"]);

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(root, rel);
    return /\.(ts|mts|mjs|js|cjs)$/.test(entry.name) ? [rel] : [];
  });
}

/** The repository's own sources (not node_modules or generated clients) with what each imports. */
export function readSources(root: string): SourceFile[] {
  const tops = ["packages", "gateway", "subgraphs", "bench", "prisma", "stack", "scripts", "test"];
  return tops.filter((top) => existsSync(path.join(root, top))).flatMap((top) => sourceFiles(root, top)).map((file) => ({
    file,
    imports: ts.preProcessFile(readFileSync(path.join(root, file), "utf8"), true, true).importedFiles.map((i) => i.fileName),
  }));
}

export function readWorkspaces(root: string): Workspace[] {
  const { workspaces } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { workspaces: string[] };
  const dirs = workspaces.flatMap((pattern) =>
    pattern.endsWith("/*")
      ? readdirSync(path.join(root, pattern.slice(0, -2)), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${pattern.slice(0, -2)}/${e.name}`)
      : [pattern],
  );
  return dirs.map((dir) => {
    const json = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8"));
    const exports = typeof json.exports === "string" ? ["."] : Object.keys(json.exports ?? {});
    const dependsOn = Object.keys({ ...json.dependencies, ...json.devDependencies }).filter((d) => d.startsWith("@chapters/"));
    return { pkg: json.name as string, dir, exports, dependsOn };
  });
}
