// One pagination, checked on the source (no stack): every connection field of every subgraph (and
// core's audit log) builds its page and totalCount through core's offsetConnection — a page in SQL
// and a count statement, or one windowed statement for a list under many parents — and no resolver
// slices a loaded list in memory or sets a totalCount by hand; a list under many parents counts its
// total in its windowed statement through core's windowedPages, never from the rows of the page
// (every list paginated, in SQL, batched: docs/architecture.md).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "@chapters/core";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const PAGINATION = join(repoRoot, "packages/core/src/pagination.ts");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const files = [
  ...sourceFiles(join(repoRoot, "packages/core/src")),
  ...["organization", "blood", "humanitarian", "emulation"].flatMap((name) => sourceFiles(join(repoRoot, "subgraphs", name, "src"))),
];

interface ConnectionField {
  where: string;
  /** The resolver's text, with the bodies of the functions of its file it calls. */
  text: string;
}

/** Every `t.connection({ … resolve … })` of a file, with what its resolver runs. */
function connectionFields(file: string): ConnectionField[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const functions = new Map<string, string>();
  const fields: { where: string; resolve: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name && node.body) functions.set(node.name.text, node.body.getText(source));
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "connection") {
      const [options] = node.arguments;
      const resolve = options && ts.isObjectLiteralExpression(options)
        ? options.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "resolve")
        : undefined;
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      fields.push({ where: `${relative(repoRoot, file)}:${line}`, resolve: resolve ?? node });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return fields.map(({ where, resolve }) => {
    const own = resolve.getText(source);
    const called = [...functions.entries()].filter(([name]) => new RegExp(`\\b${name}\\(`).test(own)).map(([, body]) => body);
    return { where, text: [own, ...called].join("\n") };
  });
}

const fields = files.flatMap(connectionFields);

const WINDOWED_COUNT = /count\(\*\)\s*OVER\s*\(\s*PARTITION\s+BY/i;

/** Every SQL template of a file (`sql`, `Prisma.sql`, `$queryRaw` tagged) whose own text holds a
 * windowed count — a list under many parents — and whether it is handed straight to core's
 * windowedPages, which cuts the page around it and so keeps each list's true total. */
function windowedCounts(file: string): { where: string; throughHelper: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { where: string; throughHelper: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node)) {
      const t = node.template;
      // the literal parts only: a template nested in a ${…} is looked at on its own
      const text = ts.isNoSubstitutionTemplateLiteral(t) ? t.text : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join(" ");
      if (WINDOWED_COUNT.test(text)) {
        const call = node.parent;
        const throughHelper = ts.isCallExpression(call) && call.arguments.includes(node as ts.Expression)
          && /(^|\.)windowedPages$/.test(call.expression.getText(source));
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ where: `${relative(repoRoot, file)}:${line}`, throughHelper });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const windowed = files.filter((file) => file !== PAGINATION).flatMap(windowedCounts);

describe("one pagination", () => {
  it("finds the connection fields (the check below looks at something)", () => {
    expect(fields.length).toBeGreaterThanOrEqual(30);
  });

  it("every connection field pages through core's offsetConnection", () => {
    expect(fields.filter((f) => !/\boffsetConnection\(/.test(f.text)).map((f) => f.where)).toEqual([]);
  });

  it("no list resolver pages in memory or builds its total by hand", () => {
    const byHand = fields.filter((f) => /\.slice\(|totalCount|\.length\b|resolveOffsetConnection/.test(f.text));
    expect(byHand.map((f) => f.where)).toEqual([]);
  });

  it("finds the windowed lists under many parents (the checks below look at something)", () => {
    expect(windowed.length).toBeGreaterThanOrEqual(12);
  });

  it("every list under many parents counts its total through core's windowedPages, in the same statement", () => {
    // a windowed statement cut to the page by its own WHERE n > offset keeps no row of a parent whose
    // page is past the end, so a total taken from the page's rows reads 0 there (docs/architecture.md)
    expect(windowed.filter((w) => !w.throughHelper).map((w) => w.where)).toEqual([]);
  });

  it("no loader reads a list's total off the rows of its page", () => {
    const offRows = /\[0\][!?]?\.total\b|total:\s*(?:r|row|first|mine|items)\.total\b|(?:mine|items|rows)\.length\s*\?\s*Number\(/;
    const readers = files.filter((file) => file !== PAGINATION && offRows.test(readFileSync(file, "utf8")));
    expect(readers.map((file) => relative(repoRoot, file))).toEqual([]);
  });

  it("only core's pagination module builds a connection (Pothos's resolveOffsetConnection)", () => {
    const builders = files.filter((file) => file !== PAGINATION && /\bresolveOffsetConnection\b/.test(readFileSync(file, "utf8")));
    expect(builders.map((file) => relative(repoRoot, file))).toEqual([]);
  });
});
