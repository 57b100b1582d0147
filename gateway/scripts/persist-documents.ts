// `npm run persisted`: registers the trusted documents. Reads gateway/persisted/*.graphql (one
// named operation per file), normalises each (printed without comments, so a comment edit keeps
// the id), and writes manifest.json with each operation's SHA-256 id. `--check` only verifies that
// manifest.json is up to date (exit 1 if not), for CI or a pre-commit hook.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Kind, parse, print, type OperationDefinitionNode } from "graphql";
import { documentId, MANIFEST_PATH, PERSISTED_DIR, type PersistedManifest } from "../src/trusted-documents.ts";

export function buildManifest(dir = PERSISTED_DIR): PersistedManifest {
  const files = readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort();
  const operations = files.map((file) => {
    const document = parse(readFileSync(path.join(dir, file), "utf8"));
    const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const name = ops[0]?.name?.value;
    if (ops.length !== 1 || !name) throw new Error(`${file}: put exactly one named operation in each file.`);
    if (`${name}.graphql` !== file) throw new Error(`${file}: name the file after its operation (${name}.graphql).`);
    const body = print(document);
    return { id: documentId(body), name, type: ops[0]!.operation, body };
  });
  return { format: "apollo-persisted-query-manifest", version: 1, operations };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const text = `${JSON.stringify(buildManifest(), null, 2)}\n`;
  if (process.argv.includes("--check")) {
    const current = readFileSync(MANIFEST_PATH, "utf8");
    if (current !== text) {
      console.error("gateway/persisted/manifest.json is out of date: run npm run persisted");
      process.exit(1);
    }
    console.log("manifest.json is up to date");
  } else {
    writeFileSync(MANIFEST_PATH, text);
    console.log(`registered ${JSON.parse(text).operations.length} operations in ${path.relative(process.cwd(), MANIFEST_PATH)}`);
  }
}
