// The emulation subgraph's Pothos builder, built by core's one factory.
import { createSubgraphBuilder, replicaTables, type PubSub, type SubgraphContext } from "@chapters/core";
import type { EmulationPrisma } from "./db.ts";
import type { FactClient } from "./facts/fetch.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";

export type EmulationContext = SubgraphContext<EmulationPrisma> & { pubsub: PubSub; facts: FactClient };

export const builder = createSubgraphBuilder<EmulationContext, PrismaTypes>({ dmmf: getDatamodel(), auditLog: { field: "emulationAuditLog", tables: replicaTables } });
