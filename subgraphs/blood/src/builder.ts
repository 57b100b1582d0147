import { createSubgraphBuilder, type PubSub, type SubgraphContext } from "@chapters/core";
import type { BloodPrisma } from "./db.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";

export type BloodContext = SubgraphContext<BloodPrisma> & { pubsub: PubSub };

export const builder = createSubgraphBuilder<BloodContext, PrismaTypes>({ dmmf: getDatamodel() });

// Two subgraphs defining PageInfo do not compose unless both mark it @shareable, which the
// shared factory does not do yet; until it does, this subgraph names its own (read lazily by
// the relay plugin at the first connection, so setting it here is in time).
builder.options.relay = { ...builder.options.relay, pageInfoTypeOptions: { name: "BloodPageInfo" } };
