export { startOrganizationSubgraph, type OrganizationService } from "./server.ts";
export { connectOrganizationDatabase, SUBGRAPH as ORGANIZATION } from "./db.ts";
export * as treeChanges from "./tree/changes.ts";
export { seedOrganizationDemo, DEMO } from "../../../prisma/organization/seed.ts";
export { generateSyntheticTree } from "../../../prisma/organization/synthetic.ts";
export type { OrgPrisma } from "./db.ts";
