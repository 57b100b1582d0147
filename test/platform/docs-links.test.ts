// The docs name what exists: every relative link in README.md and docs/ leads to a file (and, with
// a #fragment, to one of its headings), and every repository path written in backticks
// (`gateway/src/server.ts`, `prisma/organization/`) exists — so a file moved or renamed without
// its docs fails here instead of leaving a stale map. No stack: it reads files.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot as root } from "@chapters/core";

const pages = ["README.md", ...readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, "")
    .replace(/ /g, "-");

function headings(file: string): Set<string> {
  const text = readFileSync(path.join(root, file), "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => anchor(m[1] ?? "")));
}

/** Each line of a page outside its fenced code blocks, with its line number. */
function prose(file: string): { line: string; at: string }[] {
  let fenced = false;
  return readFileSync(path.join(root, file), "utf8")
    .split("\n")
    .flatMap((line, i) => {
      if (line.startsWith("```")) fenced = !fenced;
      return fenced || line.startsWith("```") ? [] : [{ line, at: `${file}:${i + 1}` }];
    });
}

const TOP = /^(?:gateway|subgraphs|packages|prisma|scripts|test|stack|bench|docs|schema|\.ci)\//;
/** A template (`prisma/<subgraph>/`, `test/*.test.ts`, `…`) names a pattern, not a file. */
const TEMPLATE = /[<>*{}|…]/;

describe("the docs name what exists (README.md and docs/)", () => {
  it("every relative link leads to a file, and a #fragment to one of its headings", () => {
    const broken = pages.flatMap((page) =>
      prose(page).flatMap(({ line, at }) =>
        [...line.matchAll(/\]\(([^)\s]+)\)/g)]
          .map((m) => m[1] ?? "")
          .filter((link) => !/^[a-z]+:/.test(link))
          .filter((link) => {
            const [target = "", fragment] = link.split("#");
            const file = target ? path.normalize(path.join(path.dirname(page), target)) : page;
            if (!existsSync(path.join(root, file))) return true;
            return fragment !== undefined && file.endsWith(".md") && !headings(file).has(fragment);
          })
          .map((link) => `${at} → ${link}`),
      ),
    );
    expect(broken, `links that lead nowhere:\n${broken.join("\n")}`).toEqual([]);
  });

  it("every repository path written in backticks exists", () => {
    const stale = pages.flatMap((page) =>
      prose(page).flatMap(({ line, at }) =>
        [...line.matchAll(/`([^`\s]+)`/g)]
          .map((m) => m[1] ?? "")
          .filter((p) => TOP.test(p) && !TEMPLATE.test(p) && !existsSync(path.join(root, p.split("#")[0] ?? p)))
          .map((p) => `${at} names ${p}`),
      ),
    );
    expect(stale, `paths the docs name that do not exist (moved or renamed? update the page):\n${stale.join("\n")}`).toEqual([]);
  });
});
