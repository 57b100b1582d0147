export { startBloodSubgraph, type BloodService } from "./server.ts";
export { connectBloodDatabase, SUBGRAPH as BLOOD } from "./db.ts";
export { seedBloodDemo } from "../../../prisma/blood/seed.ts";
export type { BloodPrisma } from "./db.ts";
