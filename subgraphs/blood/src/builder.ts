import { createSubgraphBuilder, type PubSub, type SubgraphContext } from "@chapters/core";
import type { BloodPrisma } from "./db.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";

export type BloodContext = SubgraphContext<BloodPrisma> & { pubsub: PubSub };

export const builder = createSubgraphBuilder<BloodContext, PrismaTypes>({ dmmf: getDatamodel() });
