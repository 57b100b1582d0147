import { createSubgraphBuilder, replicaTables, type LiveHub, type PubSub, type SubgraphContext } from "@chapters/core";
import type { BloodPrisma } from "./db.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";

/** `live`: the process's shared live feeds (schema/live.ts) */
export type BloodContext = SubgraphContext<BloodPrisma> & { pubsub: PubSub; live: LiveHub };

export const builder = createSubgraphBuilder<BloodContext, PrismaTypes>({ dmmf: getDatamodel(), auditLog: { field: "bloodAuditLog", tables: replicaTables } });
