// ORG-PEOPLE, ORG-DUES, ORG-FUND, ORG-COVERAGE, ORG-REFORM: what organization keeps summed per
// (chapter, year) and per subtree — the year-end state of members.ts, dues.ts, funds.ts and
// coverage.ts, counts and sums only (a member belongs to one chapter, so a subtree's figure is the
// plain sum of its chapters'), plus each chapter's own fund balance beside its subtree's. Summed on
// organization's own tree. The generated part of migration 20261206120000_organization_rollups_generated
// is rollupSql(ORGANIZATION_ROLLUPS) (test/organization/rollups.test.ts holds them equal); that migration is
// the whole of organization's rollups as they run.
import { generatedRollupKeeper, organizationTables, type RollupDb, type RollupSpec } from "@chapters/core";
import { SUBGRAPH } from "../db.ts";

const count = (name: string) => ({ name, type: "INTEGER" });
const money = (name: string) => ({ name, type: "BIGINT" });

export const ORGANIZATION_ROLLUPS: RollupSpec = {
  schema: SUBGRAPH,
  prefix: "organization",
  own: "OwnFigures",
  subtree: "SubtreeFigures",
  columns: [
    count("members"),
    count("volunteers"),
    count("youth"),
    count("staff"),
    count("joined"),
    count("owing"),
    count("paid"),
    count("exempt"),
    count("lapsed"),
    money("collected"),
    money("balance"),
    money("income"),
    money("spending"),
    count("organisations"),
    count("covered"),
    count("enterprises"),
    count("enterprisesCovered"),
  ],
  self: [{ name: "ownBalance", type: "BIGINT", of: "balance" }],
  ownFunction: "organization_rollup_own",
  sources: ["Membership", "DuesPayment", "DuesExemption", "DuesPolicy", "FundEntry", "Organisation", "ChapterClosure", "ChapterSuccession"],
  tree: organizationTables,
  // a year's figures are its year-end state (period.ts); readers check nothing is dated between
  // today and 31 December before trusting the running year's
  referenceDate: (year) => `make_date(${year}, 12, 31)`,
  // the keys organization's rollups have always taken: tree 730001, chapter 730002, rebuild 730003
  lockKey: 730001,
};

/** The years kept: the running year and the five before it (every dashboard's years), or from the
 * year before the first dated row when the data is younger (a year's "members at the start" reads
 * the year before). Earlier years are computed from the rows when asked for: the first build at
 * national size costs about a minute per year kept. */
const YEARS_KEPT = 6;

export async function yearsToKeep(db: RollupDb, today: Date): Promise<number[]> {
  const [row] = await db.$queryRaw<{ first: number | null }[]>`
    SELECT extract(year FROM least(
      (SELECT min("joinedOn") FROM "Membership"), (SELECT min("entryDate") FROM "FundEntry"),
      (SELECT min("listedOn") FROM "Organisation"),
      (SELECT make_date(min(year), 1, 1) FROM "DuesPayment"), (SELECT make_date(min(year), 1, 1) FROM "DuesPolicy")))::int AS first`;
  const last = today.getUTCFullYear();
  const first = row?.first == null ? last : Math.max(Math.min(row.first - 1, last), last - YEARS_KEPT + 1);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export const ORGANIZATION_KEEPER = generatedRollupKeeper(ORGANIZATION_ROLLUPS, yearsToKeep);
