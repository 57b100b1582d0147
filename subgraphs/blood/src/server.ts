// Starts the blood subgraph against a PostgreSQL URL (embedded or real), with its replica of
// the organization's chapter tree.
import { createInProcessPubSub, migrateSubgraph, serveDomainSubgraph, type DomainService, type PubSub } from "@chapters/core";
import { connectBloodDatabase, SUBGRAPH, type BloodDatabase } from "./db.ts";
import { bloodRollupsFollowTree } from "./indicators/rollups.ts";
import { buildBloodSchema } from "./schema/index.ts";

export type BloodService = DomainService<BloodDatabase>;

/** Migrates (unless told not to), starts the tree replica and serves the subgraph. */
export async function startBloodSubgraph(options: {
  databaseUrl: string;
  organizationUrl: string;
  port?: number;
  pubsub?: PubSub;
  migrate?: boolean;
  /** 1 for an embedded database: one PGlite backend is one session */
  maxConnections?: number;
}): Promise<BloodService> {
  if (options.migrate !== false) await migrateSubgraph(SUBGRAPH, options.databaseUrl);
  const followTree = bloodRollupsFollowTree(options.databaseUrl);
  const service = await serveDomainSubgraph({
    name: SUBGRAPH,
    schema: buildBloodSchema(),
    databaseUrl: options.databaseUrl,
    database: connectBloodDatabase(options.databaseUrl, { maxConnections: options.maxConnections }),
    organizationUrl: options.organizationUrl,
    pubsub: options.pubsub ?? createInProcessPubSub(),
    port: options.port,
    replica: { derived: followTree },
  });
  if (options.migrate !== false) await followTree.rebuildInBackgroundIfStale(service.database.prisma);
  return service;
}
