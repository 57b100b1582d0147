export { startBloodSubgraph, type BloodService } from "./server.ts";
export { buildBloodSchema } from "./schema/index.ts";
export { connectBloodDatabase, SUBGRAPH as BLOOD } from "./db.ts";
export { bloodRollupsKept, rebuildBloodRollups, suspendBloodRollups } from "./indicators/rollups.ts";
export { BLOOD_ROLLUPS } from "./indicators/rollup-spec.ts";
// the figures computed from the rows and from the rollups (test/blood/rollups.test.ts compares them)
export { indicatorsFromRollups, indicatorsFromRows } from "./indicators/read.ts";
export type { BloodPrisma } from "./db.ts";
