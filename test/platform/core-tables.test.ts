// DESIGN: the tables core's code owns (the tree replica, idempotency receipts, the audit trail) are
// defined once in packages/core/prisma; every subgraph's schema.prisma holds the fragment as core
// has it, and its migrations run exactly core's DDL on those tables (prisma/core-tables.ts). A copy
// edited by hand, a migration changing a core table behind core's back, or a new subgraph without
// the tables all show; the generator gives a new subgraph the whole DDL as one migration.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coreTablesDrift, partDdl, partsOf, readSubgraph, ROOT, statements, writeCoreTables } from "../../prisma/core-tables.ts";

let copy: string;

/** A copy of the repository's prisma/ folder (schemas, migrations, CLI configurations). */
function copyPrisma(): string {
  const root = mkdtempSync(path.join(tmpdir(), "core-tables-test-"));
  cpSync(path.join(ROOT, "prisma"), path.join(root, "prisma"), { recursive: true });
  return root;
}

beforeAll(() => {
  copy = copyPrisma();
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("core owns its tables", () => {
  it("every subgraph's schema and migrations hold core's copy", async () => {
    // organization owns the tree itself; the domain subgraphs read a replica of it
    const parts = Object.fromEntries(["organization", "blood", "humanitarian", "emulation"].map((name) => [name, partsOf(readSubgraph(ROOT, name).schema)]));
    expect(parts).toEqual({
      organization: ["idempotency", "audit"],
      blood: ["tree-replica", "idempotency", "audit"],
      humanitarian: ["tree-replica", "idempotency", "audit"],
      emulation: ["tree-replica", "idempotency", "audit"],
    });
    expect(await coreTablesDrift()).toEqual([]);
  });

  it("a hand edit of a subgraph's copy, or a migration changing a core table, is a difference", async () => {
    const root = copyPrisma();
    try {
      const schema = path.join(root, "prisma", "blood", "schema.prisma");
      writeFileSync(schema, readFileSync(schema, "utf8").replace("  outcome       String\n", "  outcome       String?\n"));
      const altered = path.join(root, "prisma", "emulation", "migrations", "20991231000000_audit_note");
      mkdirSync(altered);
      writeFileSync(path.join(altered, "migration.sql"), `ALTER TABLE "AuditEntry" ADD COLUMN "note" TEXT;\n`);
      const drift = await coreTablesDrift(root);
      expect(drift).toEqual([
        expect.stringMatching(/^prisma\/blood\/schema\.prisma: a core table block differs/),
        expect.stringMatching(/^prisma\/emulation\/migrations\/20991231000000_audit_note changes a core audit table beyond core's DDL: ALTER TABLE "AuditEntry"/),
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a new subgraph holding the markers gets core's fragments and one migration per part, and is then alike", async () => {
    const dir = path.join(copy, "prisma", "fifth");
    mkdirSync(path.join(dir, "migrations"), { recursive: true });
    writeFileSync(path.join(dir, "prisma.config.ts"), "");
    writeFileSync(
      path.join(dir, "schema.prisma"),
      ["tree-replica", "idempotency", "audit"]
        .map((part) => `// BEGIN core table: ${part} (generated from packages/core/prisma/${part}.prisma by \`npm run core-tables\`: edit it there)\n// END core table: ${part}\n`)
        .join("\n"),
    );
    expect((await coreTablesDrift(copy)).filter((line) => line.startsWith("prisma/fifth"))).not.toEqual([]);

    const written = await writeCoreTables(copy, new Date("2027-01-02T03:04:05Z"));
    expect(written.sort()).toEqual([
      "prisma/fifth/migrations/20270102030405_core_audit/migration.sql",
      "prisma/fifth/migrations/20270102030405_core_idempotency/migration.sql",
      "prisma/fifth/migrations/20270102030405_core_tree_replica/migration.sql",
      "prisma/fifth/schema.prisma",
    ]);
    const audit = readFileSync(path.join(dir, "migrations", "20270102030405_core_audit", "migration.sql"), "utf8");
    expect(statements(audit)).toEqual(statements(await partDdl("audit")));
    expect(readFileSync(path.join(dir, "schema.prisma"), "utf8")).toContain(readFileSync(path.join(ROOT, "packages", "core", "prisma", "audit.prisma"), "utf8"));
    expect(await coreTablesDrift(copy)).toEqual([]);
    // the subgraphs that already hold core's copy get nothing new
    for (const name of ["organization", "blood", "humanitarian", "emulation"]) {
      expect(readdirSync(path.join(copy, "prisma", name, "migrations"))).toEqual(readdirSync(path.join(ROOT, "prisma", name, "migrations")));
    }
  });
});
