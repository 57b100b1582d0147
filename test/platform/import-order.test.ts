// The order of the house (docs: README "Where things live"): stack → gateway, subgraphs, seeds →
// core, with nothing pointing back up, tests never importing scripts, and packages entered only
// through what they export. No stack needed: this reads the sources.
import { repoRoot } from "@chapters/core";
import { describe, expect, it } from "vitest";
import { readSources, readWorkspaces, violations, type SourceFile } from "../support/import-order.ts";

const workspaces = readWorkspaces(repoRoot);

describe("the import order", () => {
  it("holds across the repository", () => {
    const files = readSources(repoRoot);
    expect(files.length).toBeGreaterThan(200);
    expect(violations(files, workspaces)).toEqual([]);
  });

  // each rule, seen failing on a made-up file, so the scan above cannot pass by checking nothing
  const one = (file: string, spec: string): SourceFile[] => [{ file, imports: [spec] }];
  it.each([
    ["gateway/src/x.ts", "@chapters/blood", "gateway may not import subgraph:blood"],
    ["subgraphs/blood/src/index.ts", "../../../prisma/blood/seed.ts", "subgraph:blood may not import prisma:blood"],
    ["subgraphs/blood/src/x.ts", "@chapters/organization", "subgraph:blood may not import subgraph:organization"],
    ["packages/core/src/x.ts", "@chapters/gateway", "core may not import gateway"],
    ["gateway/src/x.ts", "@chapters/stack", "gateway may not import stack"],
    ["prisma/blood/seed.ts", "../../subgraphs/organization/src/db.ts", "reaches into @chapters/organization by path"],
    ["prisma/blood/seed.ts", "@chapters/organization", "prisma:blood may not import subgraph:organization"],
    ["test/blood/x.test.ts", "../../scripts/bench.ts", "test may not import scripts"],
    ["scripts/x.ts", "../test/support/live.ts", "scripts may not import test"],
    ["test/gateway/x.test.ts", "@chapters/gateway/src/stack.ts", "is not among what @chapters/gateway exports"],
    ["test/blood/x.test.ts", "../../subgraphs/blood/src/db.ts", "reaches into @chapters/blood by path"],
    ["stack/src/x.ts", "@chapters/nowhere", "names no workspace package"],
  ])("refuses %s importing %s", (file, spec, says) => {
    expect(violations(one(file, spec), workspaces).join("\n")).toContain(says);
  });

  it.each([
    ["stack/src/x.ts", "@chapters/gateway"],
    ["stack/src/x.ts", "../../prisma/blood/seed.ts"],
    ["prisma/blood/seed.ts", "../../subgraphs/blood/src/indicators/rollups.ts"],
    ["test/blood/x.test.ts", "@chapters/stack/testing"],
    ["scripts/x.ts", "../bench/operations.ts"],
  ])("allows %s importing %s", (file, spec) => {
    expect(violations(one(file, spec), workspaces)).toEqual([]);
  });

  it("refuses a package that declares a dependency up the order", () => {
    const gateway = workspaces.find((w) => w.pkg === "@chapters/gateway")!;
    expect(violations([], [...workspaces.filter((w) => w !== gateway), { ...gateway, dependsOn: ["@chapters/core", "@chapters/blood"] }])).toEqual([
      "gateway/package.json: @chapters/gateway may not depend on @chapters/blood",
    ]);
  });
});
