// Every citation resolves in a clone: a rule id cited anywhere in the repository (code, tests,
// migrations, docs) is defined in docs/domain.md, each definition names its seed's source and
// scope, and nothing points to documents that live outside the repository (the team's shared
// folder, ../shared/DOMAIN.md and its siblings). No stack: it reads files.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot as root } from "@chapters/core";

const DOMAIN = path.join(root, "docs", "domain.md");

// dist/: `npm run build` output, compiled copies of the sources read here
const SKIPPED_DIRS = new Set(["node_modules", ".git", ".data", ".turbo", "generated", "tmp", "dist"]);
const TEXT = /\.(?:[cm]?[jt]s|md|prisma|sql|graphql|sh|html|css|json|ya?ml|toml)$/;
const SKIPPED_FILES = new Set(["package-lock.json"]);

/** Every text file of the repository, as a path relative to its root. */
function repositoryFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : repositoryFiles(full);
    const executable = path.basename(dir) === ".ci"; // .ci/run has no extension
    return (TEXT.test(entry.name) || executable) && !SKIPPED_FILES.has(entry.name) ? [path.relative(root, full)] : [];
  });
}

/** A rule is defined by a `### ID` heading; its text runs to the next heading. */
function definitions(markdown: string): Map<string, string> {
  const rules = new Map<string, string>();
  const sections = markdown.split(/^(?=#{1,3} )/m);
  for (const section of sections) {
    const id = /^### ([A-Z]+(?:-[A-Z]+)+)\s*$/m.exec(section.split("\n")[0] ?? "")?.[1];
    if (id) rules.set(id, section);
  }
  return rules;
}

const rules = definitions(readFileSync(DOMAIN, "utf8"));
const prefixes = [...new Set([...rules.keys()].map((id) => id.split("-")[0]))];
/** A citation: a known prefix (ORG, HA, BL, EM, …), a dash, capitals — `EM-CLASS`, `HA-NODOUBLE`. */
const citation = new RegExp(`\\b(?:${prefixes.join("|")})-[A-Z]+(?:-[A-Z]+)*\\b`, "g");
/** Documents a clone does not have: the shared folder, and the team's digests by name. */
const outside = /(?:\.\.\/)+shared\/|\/work\/shared\b|\b(?:DOMAIN|RECIPE|STYLE|DESIGN-NOTES)\.md\b|\bRECIPE\b|\bDOMAIN(?= (?:§|[A-Z]{2,3}-))/g;

interface Hit {
  where: string;
  text: string;
}

const self = path.relative(root, fileURLToPath(import.meta.url));

/** Each match of `pattern` in the repository's files (this file names what it forbids, so not here). */
function scan(pattern: RegExp): Hit[] {
  return repositoryFiles().filter((file) => file !== self).flatMap((file) =>
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .flatMap((line, i) => [...line.matchAll(pattern)].map((m) => ({ where: `${file}:${i + 1}`, text: m[0] }))),
  );
}

describe("rule ids resolve in a clone (docs/domain.md)", () => {
  it("docs/domain.md defines the rules, the four domains' prefixes among them", () => {
    expect(rules.size).toBeGreaterThanOrEqual(29);
    expect(prefixes.sort()).toEqual(expect.arrayContaining(["BL", "EM", "HA", "ORG"]));
  });

  it("every rule id cited in code, tests, migrations and docs is defined in docs/domain.md", () => {
    const undefinedIds = scan(citation).filter((hit) => !rules.has(hit.text));
    const message = undefinedIds.map((hit) => `${hit.where} cites ${hit.text}`).join("\n");
    expect(
      undefinedIds,
      `rule ids cited but not defined — add a "### <ID>" section to docs/domain.md (the rule in our words, its Source: seed and section, its Scope), or fix the citation:\n${message}`,
    ).toEqual([]);
  });

  it("every definition names its seed's source and its scope", () => {
    const incomplete = [...rules].filter(([, text]) => !/^- Source: /m.test(text) || !/^- Scope: /m.test(text)).map(([id]) => id);
    expect(incomplete, `add "- Source: …" and "- Scope: …" lines to these rules in docs/domain.md`).toEqual([]);
  });

  it("nothing points to documents outside the repository (../shared/, DOMAIN.md, RECIPE.md): cite docs/ instead", () => {
    const hits = scan(outside);
    const message = hits.map((hit) => `${hit.where}: ${hit.text}`).join("\n");
    expect(hits, `point these to the page of docs/ that holds the same (domain.md, operating.md, …):\n${message}`).toEqual([]);
  });
});
