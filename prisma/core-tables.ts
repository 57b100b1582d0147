// The tables core's code owns (the tree replica, idempotency receipts, the audit trail) are
// defined once, in packages/core/prisma/: a Prisma fragment per part, plus the SQL Prisma cannot
// express (audit.sql: the append-only trigger). A subgraph takes a part by holding its markers in
// its schema.prisma; this module writes the fragment between them and checks that the subgraph's
// migrations create exactly core's DDL for it (Prisma's own `migrate diff` of the fragment, run
// offline), nothing more on those tables and nothing less. Migrations already applied stay byte
// for byte as they are (Prisma checksums them): the check looks for core's statements anywhere in a
// subgraph's history, and only what is missing becomes a new migration.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
const CORE_DIR = path.join(ROOT, "packages", "core", "prisma");

export const CORE_PARTS = ["tree-replica", "idempotency", "audit"] as const;
export type CorePart = (typeof CORE_PARTS)[number];

const begin = (part: CorePart) =>
  `// BEGIN core table: ${part} (generated from packages/core/prisma/${part}.prisma by \`npm run core-tables\`: edit it there)`;
const end = (part: CorePart) => `// END core table: ${part}`;

/** The subgraphs: each folder of prisma/ with a CLI configuration. */
export function subgraphNames(root = ROOT): string[] {
  const dir = path.join(root, "prisma");
  return readdirSync(dir).filter((name) => existsSync(path.join(dir, name, "prisma.config.ts"))).sort();
}

export const fragment = (part: CorePart): string => readFileSync(path.join(CORE_DIR, `${part}.prisma`), "utf8");

/** The parts a schema takes: those whose markers it holds. */
export function partsOf(schema: string): CorePart[] {
  return CORE_PARTS.filter((part) => schema.includes(begin(part)));
}

/** The schema with every marked block holding core's fragment. */
export function withCoreBlocks(schema: string): string {
  let text = schema;
  for (const part of partsOf(schema)) {
    const from = text.indexOf(begin(part));
    const to = text.indexOf(end(part), from);
    if (to < 0) throw new Error(`"${end(part)}" is missing after its BEGIN line`);
    text = `${text.slice(0, from)}${begin(part)}\n${fragment(part)}${text.slice(to)}`;
  }
  return text;
}

function prisma(args: string[]): Promise<string> {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  return new Promise((resolve, reject) => {
    // spawned, never run synchronously: in a process hosting PGlite the CLI would wait on a database
    // that cannot answer while the process is blocked
    const child = spawn(process.execPath, ["-r", path.join(ROOT, "prisma", "unref-timers.cjs"), cli, ...args], {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`prisma ${args.join(" ")} failed:\n${err}${out}`))));
  });
}

/** Core's DDL for a part: what Prisma makes of the fragment on an empty database, then the SQL it
 * cannot express (`<part>.sql`). */
export async function partDdl(part: CorePart): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "core-tables-"));
  try {
    const datamodel = path.join(dir, "schema.prisma");
    writeFileSync(datamodel, `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n${fragment(part)}`);
    // any subgraph's configuration serves: it only brings the offline engine
    const config = path.join("prisma", subgraphNames()[0]!, "prisma.config.ts");
    const generated = await prisma(["migrate", "diff", "--config", config, "--from-empty", "--to-schema-datamodel", datamodel, "--script"]);
    // the configuration names its own schema: the statement creating it is not the part's
    const ddl = generated.replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "[^"]+";\n\n/, "").trimEnd();
    const extra = path.join(CORE_DIR, `${part}.sql`);
    return existsSync(extra) ? `${ddl}\n\n${readFileSync(extra, "utf8").trimEnd()}\n` : `${ddl}\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SQL statements, comments dropped and whitespace collapsed; a dollar-quoted body stays whole. */
export function statements(sqlText: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const line of sqlText.split("\n")) {
    if (!quoted && /^\s*--/.test(line)) continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) quoted = !quoted;
    if (!quoted && /;\s*(--.*)?$/.test(line)) {
      out.push(normalise(current));
      current = "";
    }
  }
  if (current.trim()) out.push(normalise(current));
  return out;
}

// `IF NOT EXISTS` creates the same object (a generated rollup migration may add an index the
// replica already has)
const normalise = (statement: string) =>
  statement.replace(/\s+/g, " ").trim().replace(/^CREATE INDEX IF NOT EXISTS /, "CREATE INDEX ");

/** The table or type a DDL statement creates, changes or drops, if any. */
export function ddlTarget(statement: string): string | undefined {
  const patterns = [
    /^(?:CREATE|ALTER|DROP) TABLE (?:IF (?:NOT )?EXISTS )?"([^"]+)"/,
    /^(?:CREATE|ALTER|DROP) TYPE (?:IF (?:NOT )?EXISTS )?"([^"]+)"/,
    /^CREATE (?:UNIQUE )?INDEX .*? ON (?:ONLY )?"([^"]+)"/,
    /^CREATE (?:CONSTRAINT )?TRIGGER .*? ON "([^"]+)"/,
    /^DROP TRIGGER .*? ON "([^"]+)"/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(statement);
    if (match) return match[1];
  }
  return undefined;
}

/** The tables and enums a part defines. */
export const partObjects = (part: CorePart): string[] => [...fragment(part).matchAll(/^(?:model|enum) (\w+)/gm)].map((m) => m[1]!);

export interface SubgraphFiles {
  schema: string;
  /** migration folder name → its SQL, in applying order */
  migrations: [string, string][];
}

export function readSubgraph(root: string, name: string): SubgraphFiles {
  const dir = path.join(root, "prisma", name);
  const migrationsDir = path.join(dir, "migrations");
  const migrations = readdirSync(migrationsDir)
    .filter((folder) => existsSync(path.join(migrationsDir, folder, "migration.sql")))
    .sort()
    .map((folder): [string, string] => [folder, readFileSync(path.join(migrationsDir, folder, "migration.sql"), "utf8")]);
  return { schema: readFileSync(path.join(dir, "schema.prisma"), "utf8"), migrations };
}

export interface PartCheck {
  part: CorePart;
  /** core's statements the migrations never run */
  missing: string[];
  /** statements of the migrations on the part's tables that core's DDL does not hold */
  foreign: { migration: string; statement: string }[];
}

/** How one subgraph's migrations stand against core's DDL of each part it takes. */
export function checkMigrations(files: SubgraphFiles, ddl: Record<CorePart, string>): PartCheck[] {
  const history = files.migrations.flatMap(([migration, text]) => statements(text).map((statement) => ({ migration, statement })));
  const ran = new Set(history.map((h) => h.statement));
  return partsOf(files.schema).map((part) => {
    const core = statements(ddl[part]);
    const coreSet = new Set(core);
    const objects = new Set(partObjects(part));
    return {
      part,
      missing: core.filter((statement) => !ran.has(statement)),
      foreign: history.filter((h) => {
        const target = ddlTarget(h.statement);
        return target !== undefined && objects.has(target) && !coreSet.has(h.statement);
      }),
    };
  });
}

/** Every way the subgraphs' copies differ from core's: empty when they are alike. */
export async function coreTablesDrift(root = ROOT): Promise<string[]> {
  const ddl = await allPartDdl();
  const problems: string[] = [];
  for (const name of subgraphNames(root)) {
    const files = readSubgraph(root, name);
    if (withCoreBlocks(files.schema) !== files.schema) {
      problems.push(`prisma/${name}/schema.prisma: a core table block differs from packages/core/prisma (run npm run core-tables)`);
    }
    for (const check of checkMigrations(files, ddl)) {
      for (const statement of check.missing) problems.push(`prisma/${name}/migrations never run core's ${check.part} statement: ${statement.slice(0, 120)}`);
      for (const f of check.foreign) problems.push(`prisma/${name}/migrations/${f.migration} changes a core ${check.part} table beyond core's DDL: ${f.statement.slice(0, 120)}`);
    }
  }
  return problems;
}

// one run of Prisma per part and process: the fragments do not change while it runs
let ddlOnce: Promise<Record<CorePart, string>> | undefined;
function allPartDdl(): Promise<Record<CorePart, string>> {
  ddlOnce ??= Promise.all(CORE_PARTS.map(partDdl)).then(
    (texts) => Object.fromEntries(CORE_PARTS.map((part, i) => [part, texts[i]!])) as Record<CorePart, string>,
  );
  return ddlOnce;
}

const stamp = (at: Date) => at.toISOString().replace(/\D/g, "").slice(0, 14);

/** Writes core's fragments into every schema holding their markers, and a new migration with the
 * statements a subgraph's history lacks (a new subgraph: the whole part; a new index: that index).
 * A changed CREATE of a table already created is refused: an existing database needs an ALTER,
 * which `prisma migrate diff --from-schema-datamodel old --to-schema-datamodel new` writes. */
export async function writeCoreTables(root = ROOT, at = new Date()): Promise<string[]> {
  const ddl = await allPartDdl();
  const written: string[] = [];
  for (const name of subgraphNames(root)) {
    const dir = path.join(root, "prisma", name);
    const files = readSubgraph(root, name);
    const schema = withCoreBlocks(files.schema);
    if (schema !== files.schema) {
      writeFileSync(path.join(dir, "schema.prisma"), schema);
      written.push(`prisma/${name}/schema.prisma`);
    }
    for (const check of checkMigrations({ ...files, schema }, ddl)) {
      const recreated = check.missing.filter((s) => s.startsWith("CREATE TABLE") && check.foreign.some((f) => ddlTarget(f.statement) === ddlTarget(s)));
      if (recreated.length > 0) {
        throw new Error(`prisma/${name}: core's ${recreated.map(ddlTarget).join(", ")} changed after its migrations created it: write the ALTER migration with prisma migrate diff`);
      }
      if (check.missing.length === 0) continue;
      const folder = `${stamp(at)}_core_${check.part.replace(/-/g, "_")}`;
      const body = [
        `-- Generated by prisma/core-tables.ts from packages/core/prisma/${check.part}.prisma: core's ${check.part} DDL`,
        `-- this subgraph's migrations did not run yet. Edit core's fragment, not this text.`,
        ...check.missing.map((s) => `${s}\n`),
      ].join("\n");
      const target = path.join(dir, "migrations", folder);
      mkdirSync(target, { recursive: true });
      writeFileSync(path.join(target, "migration.sql"), body);
      written.push(`prisma/${name}/migrations/${folder}/migration.sql`);
    }
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const check = process.argv.includes("--check");
  const result = check ? await coreTablesDrift() : await writeCoreTables();
  for (const line of result) console.log(line);
  if (check && result.length > 0) process.exit(1);
  if (!check && result.length === 0) console.log("core tables: every subgraph already holds core's copy");
}
