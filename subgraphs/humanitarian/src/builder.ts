// The humanitarian subgraph's Pothos builder, built by core's one factory.
import { createSubgraphBuilder, type PubSub, type SubgraphContext } from "@chapters/core";
import type { HumanitarianPrisma } from "./db.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";

export type HumanitarianContext = SubgraphContext<HumanitarianPrisma> & { pubsub: PubSub };

export const builder = createSubgraphBuilder<HumanitarianContext, PrismaTypes>({ dmmf: getDatamodel() });
