// The committed schema contract (schema/, stack/src/schema-contract.ts): what the code composes must
// be what is committed, and a change that breaks existing clients needs a reason in
// schema/CHANGELOG.md. No stack: the subgraphs' schemas are built in-process.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { API_FILE, changelogPath, checkContract, composeContract, readCommitted, subgraphSdlFromCode, type ContractFiles } from "@chapters/stack/schema-contract";

let sdls: Record<string, string>;
let composed: ContractFiles;
let committed: ContractFiles;
const changelog = readFileSync(changelogPath, "utf8");

/** The organization subgraph with Chapter.name changed from String! to Int!, as if its code had. */
function withChapterNameAsInt(): Record<string, string> {
  const organization = sdls.organization!;
  const changed = organization.replace(/(type Chapter\s+@key\(fields: "id"\)\s*\{[\s\S]*?\n  name: )String!/, "$1Int!");
  expect(changed).not.toBe(organization);
  return { ...sdls, organization: changed };
}

beforeAll(() => {
  sdls = subgraphSdlFromCode();
  composed = composeContract(sdls);
  committed = readCommitted(composed);
});

describe("schema contract", () => {
  it("the committed schema files are what the code composes, and every breaking change since the first commit is explained", async () => {
    const report = await checkContract({ composed, committed, changelog });
    expect(report.problems).toEqual([]);
  });

  it("a field's type changed in a subgraph fails, naming the field, while the committed files are stale", async () => {
    const report = await checkContract({ composed: composeContract(withChapterNameAsInt()), committed, changelog, baseline: committed[API_FILE] });
    const text = report.problems.join("\n");
    expect(text).toContain(`${API_FILE} differs from what the code composes: Field 'Chapter.name' changed type from 'String!' to 'Int!'`);
    expect(text).toContain("schema/subgraphs/organization.graphql differs");
    expect(text).toContain("Breaking change for existing clients: Field 'Chapter.name' changed type from 'String!' to 'Int!'");
  });

  it("after `npm run schema` the same change still fails until the changelog gives its reason", async () => {
    const changed = composeContract(withChapterNameAsInt());
    const baseline = committed[API_FILE]!;
    const unexplained = await checkContract({ composed: changed, committed: changed, changelog, baseline });
    expect(unexplained.problems).toHaveLength(1);
    expect(unexplained.problems[0]).toContain("Field 'Chapter.name' changed type");
    expect(unexplained.problems[0]).toContain("- `Chapter.name`: <why clients must change>");

    // a bare coordinate is not an explanation
    const bare = await checkContract({ composed: changed, committed: changed, changelog: `${changelog}\n- \`Chapter.name\`\n`, baseline });
    expect(bare.problems).toHaveLength(1);

    const explained = `${changelog}\n- \`Chapter.name\`: names are numbered from now on, the text moves to Chapter.label.\n`;
    const report = await checkContract({ composed: changed, committed: changed, changelog: explained, baseline });
    expect(report.problems).toEqual([]);
  });

  it("a removed argument and a removed field are breaking; an added field and a deprecation are not", async () => {
    const organization = sdls.organization!;
    const removedField = organization.replace(/\n  """The level in Vietnamese"""\n  levelLabel: String!/, "");
    expect(removedField).not.toBe(organization);
    const deprecated = organization.replace(/levelLabel: String!/, 'levelLabel: String! @deprecated(reason: "use level and translate it")\n  shortName: String');
    const baseline = committed[API_FILE]!;
    const removed = composeContract({ ...sdls, organization: removedField });
    const report = await checkContract({ composed: removed, committed: removed, changelog, baseline });
    expect(report.problems.join("\n")).toContain("Field 'levelLabel' was removed from object type 'Chapter'");

    const removedArgument = composeContract({ ...sdls, organization: organization.replace("children(levels: [ChapterLevel!], ", "children(") });
    const argumentReport = await checkContract({ composed: removedArgument, committed: removedArgument, changelog, baseline });
    expect(argumentReport.problems.join("\n")).toMatch(/Argument 'levels: \[ChapterLevel!\]' was removed from field 'Chapter.children'/);

    const added = composeContract({ ...sdls, organization: deprecated });
    expect((await checkContract({ composed: added, committed: added, changelog, baseline })).problems).toEqual([]);
  });

  it("a deprecation without a reason is refused", async () => {
    const organization = sdls.organization!.replace(/levelLabel: String!/, "levelLabel: String! @deprecated");
    const changed = composeContract({ ...sdls, organization });
    const report = await checkContract({ composed: changed, committed: changed, changelog, baseline: committed[API_FILE] });
    expect(report.problems).toEqual([expect.stringContaining("Chapter.levelLabel is deprecated without a reason")]);
  });
});
