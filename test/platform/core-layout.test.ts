// The house's layout, checked on the source (no stack): core's modules import one another without
// a circle (type imports included: a circle of types is a circle a reader has to untangle too),
// and every entry point a package.json exports exists.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { repoRoot } from "@chapters/core";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const repo = repoRoot;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The circles among the relative imports of the files under `dir` (Tarjan's strongly connected components). */
function importCircles(dir: string): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    graph.set(
      file,
      importedFiles.filter((i) => i.fileName.startsWith(".")).map((i) => resolve(dirname(file), i.fileName)),
    );
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(relative(repo, w));
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

const SUBGRAPHS = ["organization", "blood", "humanitarian", "emulation"];

/** A subgraph's top-level folders under src/: the shared skeleton (access/, schema/, write/,
 * generated/) and its domain's own folders (records such as donors/, drives/, tree/). */
const SKELETON = ["access", "generated", "schema", "write"];
const topFolders = (subgraph: string) =>
  readdirSync(join(repo, "subgraphs", subgraph, "src")).filter((name) => statSync(join(repo, "subgraphs", subgraph, "src", name)).isDirectory());

describe("core's layout and the packages' entry points", () => {
  it("core's modules import one another without a circle", () => {
    expect(importCircles(join(repo, "packages/core/src"))).toEqual([]);
  });

  it.each(SUBGRAPHS)("%s's modules import one another without a circle", (subgraph) => {
    expect(importCircles(join(repo, "subgraphs", subgraph, "src"))).toEqual([]);
  });

  it("the four subgraphs have the same skeleton: access/, schema/, write/ and generated/ in each", () => {
    const missing = SUBGRAPHS.flatMap((subgraph) => SKELETON.filter((folder) => !topFolders(subgraph).includes(folder)).map((folder) => `${subgraph}: no ${folder}/`));
    expect(missing).toEqual([]);
  });

  it("the four subgraphs keep the same shape at the top: builder, db, server and index files, no other loose files than events and labels", () => {
    const SKELETON_FILES = ["builder.ts", "db.ts", "index.ts", "server.ts"];
    const ALLOWED = [...SKELETON_FILES, "events.ts", "labels.ts", "calendar.ts"];
    const odd = SUBGRAPHS.flatMap((subgraph) => {
      const files = readdirSync(join(repo, "subgraphs", subgraph, "src")).filter((name) => name.endsWith(".ts"));
      return [
        ...SKELETON_FILES.filter((file) => !files.includes(file)).map((file) => `${subgraph}: no ${file}`),
        ...files.filter((file) => !ALLOWED.includes(file)).map((file) => `${subgraph}: ${file} at the top`),
      ];
    });
    expect(odd).toEqual([]);
  });

  it("the check sees a circle when there is one", () => {
    // audit/ once imported idempotency's types while idempotency imported audit/: this is what
    // that looks like to the check (two files importing each other, types only)
    const dir = join(import.meta.dirname, "fixtures/import-circle");
    expect(importCircles(dir)).toEqual([["test/platform/fixtures/import-circle/a.ts", "test/platform/fixtures/import-circle/b.ts"]]);
  });

  it("every entry point a workspace package exports exists", () => {
    const { workspaces } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { workspaces: string[] };
    const packages = workspaces.flatMap((w) => (w.endsWith("/*") ? readdirSync(join(repo, w.slice(0, -2))).map((name) => `${w.slice(0, -2)}/${name}`) : [w]));
    expect(packages.length).toBeGreaterThan(6);
    const missing = packages.flatMap((dir) => {
      const manifest = JSON.parse(readFileSync(join(repo, dir, "package.json"), "utf8")) as { exports?: Record<string, string> };
      return Object.entries(manifest.exports ?? {})
        .filter(([, target]) => !existsSync(join(repo, dir, target.includes("*") ? target.slice(0, target.indexOf("*")) : target)))
        .map(([entry, target]) => `${dir}: ${entry} -> ${target}`);
    });
    expect(missing).toEqual([]);
  });
});
