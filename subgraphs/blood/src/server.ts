// Starts the blood subgraph against a PostgreSQL URL (embedded or real), with its replica of
// the organization's chapter tree.
import { createInProcessPubSub, logger, migrateSubgraph, serveSubgraph, startTreeReplica, type PubSub, type RunningService } from "@chapters/core";
import { connectBloodDatabase, SUBGRAPH, type BloodDatabase } from "./db.ts";
import { bloodRollupsFollowTree, bloodRollupsKept, rebuildWithOwnConnection } from "./indicators/rollups.ts";
import { buildBloodSchema } from "./schema/index.ts";

export interface BloodService extends RunningService {
  database: BloodDatabase;
  /** resolves when the tree replica has applied every organization event so far */
  caughtUp: () => Promise<void>;
}

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
  const pubsub = options.pubsub ?? createInProcessPubSub();
  const database = connectBloodDatabase(options.databaseUrl, { maxConnections: options.maxConnections });
  const replica = await startTreeReplica({
    databaseUrl: options.databaseUrl,
    schema: SUBGRAPH,
    organizationUrl: options.organizationUrl,
    pubsub,
    derived: bloodRollupsFollowTree(options.databaseUrl),
  });
  // no rollups (a new database, or a bulk load): build them in the background; until then the
  // figures are computed from the rows
  if (options.migrate !== false && !(await bloodRollupsKept(database.prisma))) {
    void rebuildWithOwnConnection(options.databaseUrl).catch((error: unknown) =>
      logger.error({ service: SUBGRAPH, err: error }, "blood rollups could not be rebuilt: figures are computed from the rows"),
    );
  }
  const service = await serveSubgraph({
    name: SUBGRAPH,
    schema: buildBloodSchema(),
    port: options.port,
    extendContext: (base) => ({ ...base, prisma: database.prisma, pubsub }),
    ready: async () => {
      await database.prisma.$queryRaw`SELECT 1`;
      return true;
    },
    onStop: async () => {
      await replica.stop();
      await database.close();
    },
  });
  return { ...service, database, caughtUp: () => replica.catchUp() };
}
