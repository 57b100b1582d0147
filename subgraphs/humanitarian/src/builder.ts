// The humanitarian subgraph's Pothos builder, built by core's one factory.
import { createSubgraphBuilder, replicaTables, type LiveHub, type PubSub, type SubgraphContext } from "@chapters/core";
import type { HumanitarianPrisma } from "./db.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";

/** `live`: the process's shared live feeds (schema/live.ts); `organizationUrl`: where a
 * chapter-fund gift writes its fund-ledger line (supports/fund.ts) */
export type HumanitarianContext = SubgraphContext<HumanitarianPrisma> & { pubsub: PubSub; live: LiveHub; organizationUrl: string };

export const builder = createSubgraphBuilder<HumanitarianContext, PrismaTypes>({ dmmf: getDatamodel(), auditLog: { field: "humanitarianAuditLog", tables: replicaTables } });
