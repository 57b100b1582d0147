// The emulation subgraph's Pothos builder, built by core's one factory.
import { createSubgraphBuilder, replicaTables, type LiveHub, type PubSub, type SubgraphContext } from "@chapters/core";
import type { EmulationPrisma } from "./db.ts";
import type { FactClient } from "./facts/fetch.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";

/** `live`: the process's shared live feeds (schema/live.ts) */
export type EmulationContext = SubgraphContext<EmulationPrisma> & { pubsub: PubSub; facts: FactClient; live: LiveHub };

export const builder = createSubgraphBuilder<EmulationContext, PrismaTypes>({ dmmf: getDatamodel(), auditLog: { field: "emulationAuditLog", tables: replicaTables } });
