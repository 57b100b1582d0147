import { createSubgraphBuilder, organizationTables, type PubSub, type SubgraphContext } from "@chapters/core";
import type { OrgPrisma } from "./db.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";
import type { OutboxRelay } from "./tree/outbox-relay.ts";

/** `pubsub`: for announcements made after commit (a partner's grants changed). */
export type OrgContext = SubgraphContext<OrgPrisma> & { outbox: OutboxRelay; pubsub: PubSub };

export const builder = createSubgraphBuilder<OrgContext, PrismaTypes>({ dmmf: getDatamodel(), auditLog: { field: "organizationAuditLog", tables: organizationTables } });
