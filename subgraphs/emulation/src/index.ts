// The emulation subgraph's public surface: start it, connect to its database (its demo seed is in prisma/, wired in by the stack).
export { startEmulationSubgraph, type EmulationService } from "./server.ts";
export { buildEmulationSchema } from "./schema/index.ts";
export { connectEmulationDatabase, SUBGRAPH as EMULATION } from "./db.ts";
export type { EmulationPrisma } from "./db.ts";
export { HONOURS_TOPIC, type HonoursEvent } from "./events.ts";
export { classify, type ClassifyInput, type Classification } from "./results/classify.ts";
// EM-DEMOTE: how a plan's demotion rules are evaluated from the owners' figures (exact comparisons, UNKNOWN)
export { evaluateFacts, withDecision, type DemotionRuleFull, type UsedFact } from "./facts/evaluate.ts";
export type { OwnedFigure } from "./facts/fetch.ts";
