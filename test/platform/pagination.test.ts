// One pagination, checked on the source (no stack): every connection field of every subgraph (and
// core's audit log) builds its page and totalCount through core's offsetConnection — a page in SQL
// and a count statement, or one windowed statement for a list under many parents — and no resolver
// slices a loaded list in memory or sets a totalCount by hand (every list paginated, in SQL,
// batched: docs/architecture.md).
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

  it("only core's pagination module builds a connection (Pothos's resolveOffsetConnection)", () => {
    const builders = files.filter((file) => file !== PAGINATION && /\bresolveOffsetConnection\b/.test(readFileSync(file, "utf8")));
    expect(builders.map((file) => relative(repoRoot, file))).toEqual([]);
  });
});
