// One stack per test worker, checked on the source (no stack): the files of vitest.config.ts's
// "shared" project share their worker's stack (stack/src/testing/shared.ts) and so may only read —
// a write would show in the figures of whichever file runs next in that worker. Every file that
// starts a stack of its own is listed in test/own-stack.ts with why (docs/testing.md).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "@chapters/core";
import { describe, expect, it } from "vitest";
import { OWN_STACK } from "../own-stack.ts";

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? testFiles(path) : path.endsWith(".test.ts") ? [relative(repoRoot, path)] : [];
  });
}

/** What in a test file's source changes the data or the services a shared stack holds. */
export function writesIn(source: string): string[] {
  const kinds: [string, RegExp][] = [
    ["a GraphQL mutation", /\bmutation\b/],
    ["an SQL write", /\b(INSERT\s+INTO|UPDATE\s+"?\w+"?\s+SET|DELETE\s+FROM|TRUNCATE)\b/i],
    ["a Prisma write", /\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\s*\(/],
    ["a raw SQL statement", /\$executeRaw/],
    ["a generated tree", /generateSyntheticTree\s*\(/],
    ["a partner made as data", /["']PARTNER["']/],
    ["a published event", /\.publish\s*\(/],
    ["a service stopped or restarted", /\.services\b[^;]*\.(stop|restart)\s*\(|\bkill\s*\(|\brestart\w*\s*\(/],
  ];
  return kinds.filter(([, pattern]) => pattern.test(source)).map(([kind]) => kind);
}

const all = testFiles(join(repoRoot, "test"));
const source = (file: string) => readFileSync(join(repoRoot, file), "utf8");
const usesShared = (file: string) => /\bsharedTestStack\s*\(/.test(source(file));
const usesOwn = (file: string) => /\bstartTestStack\s*\(/.test(source(file));

describe("one stack per test worker", () => {
  it("finds writes of each kind (the check can fail)", () => {
    expect(writesIn('await t.query(`mutation { recordDonation(input: $i) { id } }`)')).toEqual(["a GraphQL mutation"]);
    expect(writesIn('await db.$queryRawUnsafe(`UPDATE "Donor" SET name = $1`)')).toEqual(["an SQL write"]);
    expect(writesIn("await prisma.fundEntry.createMany({ data })")).toEqual(["a Prisma write"]);
    expect(writesIn('t.token("HP", "PARTNER", ["blood-stock"])')).toEqual(["a partner made as data"]);
    expect(writesIn("await t.stack.services.blood.stop()")).toEqual(["a service stopped or restarted"]);
    expect(writesIn("const res = await t.query(`query { chapter(code: \"HP\") { name } }`)")).toEqual([]);
  });

  it("a file on its worker's stack only reads", () => {
    const writing = all.filter(usesShared).map((file) => ({ file, writes: writesIn(source(file)) })).filter((f) => f.writes.length > 0);
    expect(writing, "give these a stack of their own (startTestStack, listed in test/own-stack.ts with why), or make them read only").toEqual([]);
  });

  it("a file with a stack of its own is in the own project, and the shared project's files do not start one", () => {
    expect(all.filter((file) => usesOwn(file) && !(file in OWN_STACK)), "list these in test/own-stack.ts with why").toEqual([]);
    expect(all.filter((file) => usesShared(file) && file in OWN_STACK), "these share a stack: take them off test/own-stack.ts").toEqual([]);
  });

  it("every file with a stack of its own is listed with why, and every listed file exists", () => {
    for (const [file, reason] of Object.entries(OWN_STACK)) {
      expect(existsSync(join(repoRoot, file)), file).toBe(true);
      expect(reason.length, file).toBeGreaterThan(10);
    }
  });
});
