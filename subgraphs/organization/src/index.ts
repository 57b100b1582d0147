export { startOrganizationSubgraph, type OrganizationService } from "./server.ts";
export { buildOrganizationSchema } from "./schema/index.ts";
export { connectOrganizationDatabase, SUBGRAPH as ORGANIZATION } from "./db.ts";
export * as treeChanges from "./tree/changes.ts";
export { rebuildRollups, rollupsCurrent, suspendRollups } from "./figures/rollups.ts";
export { ORGANIZATION_ROLLUPS } from "./figures/rollup-spec.ts";
// the figures computed from the rows — the definition the rollups are checked against
export { rollupFigures } from "./figures/rollup-read.ts";
export { memberCounts } from "./figures/members.ts";
export { duesCounts } from "./figures/dues.ts";
export { fundSums } from "./figures/funds.ts";
export { coverageCounts } from "./figures/coverage.ts";
export type { OrgPrisma } from "./db.ts";
