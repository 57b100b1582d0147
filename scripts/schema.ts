// `npm run schema`: writes the committed schema contract (schema/*.graphql) from the code.
// `npm run schema -- --check`: fails, naming each file and field, when the committed files differ
// from what the code composes or an unexplained breaking change slipped in (CI runs the same
// check in test/gateway/schema-contract.test.ts).
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { changelogPath, checkContract, composeContract, readCommitted, writeContract } from "@chapters/stack/schema-contract";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
const composed = composeContract();
if (!values.check) writeContract(composed);
const report = await checkContract({
  composed,
  committed: readCommitted(composed),
  changelog: existsSync(changelogPath) ? readFileSync(changelogPath, "utf8") : "",
});
for (const warning of report.warnings) console.log(`note: ${warning}`);
if (!values.check) console.log(`wrote ${Object.keys(composed).join(", ")}`);
if (report.problems.length) {
  console.error(`\nThe schema contract is not kept:\n${report.problems.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(1);
}
if (values.check) console.log("schema/ matches the code; no unexplained breaking change.");
// the subgraph modules keep timers (loaders, caches) that would hold the process open
process.exit(0);
