// The emulation subgraph's public surface: start it, connect to its database, seed its demo.
export { startEmulationSubgraph, type EmulationService } from "./server.ts";
export { buildEmulationSchema } from "./schema/index.ts";
export { connectEmulationDatabase, SUBGRAPH as EMULATION } from "./db.ts";
export { seedEmulationDemo } from "../../../prisma/emulation/seed.ts";
export type { EmulationPrisma } from "./db.ts";
export { HONOURS_TOPIC, type HonoursEvent } from "./events.ts";
export { classify, type ClassifyInput, type Classification } from "./results/classify.ts";
