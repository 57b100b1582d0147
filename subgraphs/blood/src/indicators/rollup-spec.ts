// BL-TARGETS, ORG-REFORM: what blood keeps summed per subtree and year, in both views — the
// figures of read.ts. Units, donations, repeat donations and organ registrations add up; distinct
// donors do not (a donor who gave in two communes counts once for their province), so the rollups
// are kept by signed differences folded at commit (core's deltas.ts), computed by blood's own
// triggers. The generated part of migration 20261206110000_blood_rollups_generated is
// deltaRollupSql(BLOOD_ROLLUPS) (test/blood/rollups.test.ts holds them equal); that migration is
// the whole of blood's rollups as they run.
import { deltaRollupKeeper, replicaTables, type DeltaRollupSpec } from "@chapters/core";
import { SUBGRAPH } from "../db.ts";

export const BLOOD_ROLLUPS: DeltaRollupSpec = {
  schema: SUBGRAPH,
  prefix: "blood",
  subtree: "BloodSubtree",
  columns: [
    { name: "units", type: "DECIMAL(14,2)" },
    { name: "donations", type: "INTEGER" },
    { name: "repeats", type: "INTEGER" },
    { name: "donors", type: "INTEGER" },
    { name: "organ", type: "INTEGER" },
  ],
  rowsFunction: "blood_rollup_rows",
  sources: ["Donation", "OrganRegistration"],
  tree: replicaTables,
  // rebuilds take lockKey + 2, the key blood's rebuilds have always taken
  lockKey: 730002,
};

export const BLOOD_KEEPER = deltaRollupKeeper(BLOOD_ROLLUPS);
