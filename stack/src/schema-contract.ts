// The schema contract dashboard teams and partners code against (docs/dashboard-teams.md):
// each subgraph's SDL, the composed supergraph (what a gateway started with SUPERGRAPH_PATH
// plans with) and the API schema clients see, all committed under schema/. `npm run schema`
// writes them from the code; the check (`npm run schema -- --check`, and the test suite)
// fails when the committed files differ from what the code composes, or when the API schema
// broke existing clients since it was first committed without saying why in
// schema/CHANGELOG.md. Breaking is decided by GraphQL Inspector's diff, not by us.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { buildBloodSchema, BLOOD } from "@chapters/blood";
import { buildEmulationSchema, EMULATION } from "@chapters/emulation";
import { buildHumanitarianSchema, HUMANITARIAN } from "@chapters/humanitarian";
import { buildOrganizationSchema, ORGANIZATION } from "@chapters/organization";
import { CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, lexicographicSortSchema, parse, printSchema, type GraphQLSchema } from "graphql";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const schemaDir = path.join(repoRoot, "schema");
export const changelogPath = path.join(schemaDir, "CHANGELOG.md");

/** Where each subgraph answers inside compose.yaml's network: the committed supergraph is
 * the one a gateway started there with SUPERGRAPH_PATH plans with. */
export const SUBGRAPH_URLS: Record<string, string> = {
  [ORGANIZATION]: "http://organization:4001/graphql",
  [BLOOD]: "http://blood:4002/graphql",
  [HUMANITARIAN]: "http://humanitarian:4003/graphql",
  [EMULATION]: "http://emulation:4004/graphql",
};

const SUBGRAPH_SCHEMAS: Record<string, () => GraphQLSchema> = {
  [ORGANIZATION]: buildOrganizationSchema,
  [BLOOD]: buildBloodSchema,
  [HUMANITARIAN]: buildHumanitarianSchema,
  [EMULATION]: buildEmulationSchema,
};

/** The committed files, by path relative to the repository root. */
export type ContractFiles = Record<string, string>;

export const API_FILE = "schema/api.graphql";
export const SUPERGRAPH_FILE = "schema/supergraph.graphql";
const subgraphFile = (name: string) => `schema/subgraphs/${name}.graphql`;

/** Each subgraph's SDL as its code builds it (what `{ _service { sdl } }` answers). */
export function subgraphSdlFromCode(): Record<string, string> {
  return Object.fromEntries(Object.entries(SUBGRAPH_SCHEMAS).map(([name, build]) => [name, printSubgraphSchema(build())]));
}

/** Every file of the contract, composed from the subgraphs' SDL (no database, no server). */
export function composeContract(sdls: Record<string, string> = subgraphSdlFromCode()): ContractFiles {
  const result = composeServices(Object.entries(sdls).map(([name, sdl]) => ({ name, url: SUBGRAPH_URLS[name]!, typeDefs: parse(sdl) })));
  if (result.errors) throw new Error(`The subgraphs do not compose:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  const api = lexicographicSortSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  const files: ContractFiles = {
    [SUPERGRAPH_FILE]: withNewline(result.supergraphSdl),
    [API_FILE]: withNewline(printSchema(api)),
  };
  for (const [name, sdl] of Object.entries(sdls)) files[subgraphFile(name)] = withNewline(sdl);
  return files;
}

const withNewline = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);

export function writeContract(files: ContractFiles, root = repoRoot): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

export function readCommitted(files: ContractFiles, root = repoRoot): ContractFiles {
  const committed: ContractFiles = {};
  for (const file of Object.keys(files)) {
    const full = path.join(root, file);
    if (existsSync(full)) committed[file] = readFileSync(full, "utf8");
  }
  return committed;
}

/** One line per change between two SDLs, naming the coordinate (e.g. "Field 'Chapter.name'
 * changed type from 'String!' to 'Int!'"). */
export async function changesBetween(before: string, after: string): Promise<Change[]> {
  return diff(buildSchema(before, { assumeValidSDL: true }), buildSchema(after, { assumeValidSDL: true }));
}

export const isBreaking = (change: Change) => change.criticality.level === CriticalityLevel.Breaking;

/** The schema coordinates the changelog explains: list items that start with a coordinate in
 * backticks and go on with a reason (`- \`Chapter.name\`: why it had to change`). */
export function explainedInChangelog(markdown: string): Map<string, string> {
  const explained = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const m = /^\s*[-*]\s+`([^`]+)`\s*[:—–-]?\s*(.*)$/.exec(line);
    if (m && m[2]!.trim().length >= 10) explained.set(m[1]!.trim(), m[2]!.trim());
  }
  return explained;
}

/** The API schema as first committed (the contract's baseline), from git history; null where
 * there is none (no git, a shallow clone, or before the first commit of the contract). */
export function baselineApi(root = repoRoot): string | null {
  try {
    const commits = execFileSync("git", ["log", "--format=%H", "--", API_FILE], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .split("\n")
      .filter(Boolean);
    const first = commits.at(-1);
    return first ? execFileSync("git", ["show", `${first}:${API_FILE}`], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }) : null;
  } catch {
    return null;
  }
}

/** Deprecations a client can act on: graphql-js's default reason ("No longer supported") means
 * `@deprecated` was given without one. */
export function deprecationsWithoutReason(sdl: string): string[] {
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  const missing: string[] = [];
  const check = (coordinate: string, reason: string | null | undefined) => {
    if (reason != null && (reason.trim() === "" || reason === "No longer supported")) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.deprecationReason);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.deprecationReason);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.deprecationReason);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.deprecationReason);
    }
  }
  return missing;
}

export interface ContractReport {
  /** each problem as a sentence that names the file or the field and says what to do */
  problems: string[];
  /** changes that may surprise a client but break none (GraphQL Inspector's "dangerous") */
  warnings: string[];
}

/** Everything CI checks about the contract. `baseline` defaults to git history. */
export async function checkContract(options: {
  composed: ContractFiles;
  committed: ContractFiles;
  changelog: string;
  baseline?: string | null;
}): Promise<ContractReport> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const { composed, committed } = options;
  for (const [file, text] of Object.entries(composed)) {
    const was = committed[file];
    if (was === text) continue;
    if (was === undefined) {
      problems.push(`${file} is missing: run \`npm run schema\` and commit schema/.`);
      continue;
    }
    const changes = file.endsWith(".graphql") && file !== SUPERGRAPH_FILE ? await changesBetween(was, text).catch(() => []) : [];
    const named = changes.length ? `: ${changes.map((c) => c.message).join("; ")}` : "";
    problems.push(`${file} differs from what the code composes${named}. Run \`npm run schema\`, review the diff and commit schema/.`);
  }
  const api = composed[API_FILE]!;
  const baseline = options.baseline === undefined ? baselineApi() : options.baseline;
  if (baseline) {
    const explained = explainedInChangelog(options.changelog);
    for (const change of await changesBetween(baseline, api)) {
      if (isBreaking(change)) {
        if (!change.path || !explained.has(change.path)) {
          problems.push(
            `Breaking change for existing clients: ${change.message}. Keep the old field (mark it @deprecated(reason: "…") and add the new one beside it), ` +
              `or list it in schema/CHANGELOG.md as "- \`${change.path ?? "?"}\`: <why clients must change>".`,
          );
        }
      } else if (change.criticality.level === CriticalityLevel.Dangerous) {
        warnings.push(`${change.message}${change.criticality.reason ? ` (${change.criticality.reason})` : ""}`);
      }
    }
  }
  for (const coordinate of deprecationsWithoutReason(api)) {
    problems.push(`${coordinate} is deprecated without a reason: say what to use instead with @deprecated(reason: "…").`);
  }
  return { problems, warnings };
}
