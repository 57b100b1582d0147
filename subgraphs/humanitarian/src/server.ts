// Starts the humanitarian subgraph against a PostgreSQL URL (embedded or real), with its replica
// of the organization's chapter tree.
import { createInProcessPubSub, createLiveHub, migrateSubgraph, serveSubgraph, startTreeReplica, type LiveHub, type PubSub, type RunningService } from "@chapters/core";
import { connectHumanitarianDatabase, SUBGRAPH, type HumanitarianDatabase } from "./db.ts";
import { buildHumanitarianSchema } from "./schema/index.ts";

export interface HumanitarianService extends RunningService {
  database: HumanitarianDatabase;
  /** its live feeds (open feeds and subscribers, for metrics and tests) */
  live: LiveHub;
  /** resolves when the tree replica has applied every organization event so far */
  caughtUp: () => Promise<void>;
}

/** Migrates (unless told not to), starts the tree replica and serves the subgraph. */
export async function startHumanitarianSubgraph(options: {
  databaseUrl: string;
  organizationUrl: string;
  port?: number;
  pubsub?: PubSub;
  migrate?: boolean;
  /** 1 for an embedded database: one PGlite backend is one session */
  maxConnections?: number;
}): Promise<HumanitarianService> {
  if (options.migrate !== false) await migrateSubgraph(SUBGRAPH, options.databaseUrl);
  const pubsub = options.pubsub ?? createInProcessPubSub();
  const database = connectHumanitarianDatabase(options.databaseUrl, { maxConnections: options.maxConnections });
  const live = createLiveHub(pubsub);
  const replica = await startTreeReplica({ databaseUrl: options.databaseUrl, schema: SUBGRAPH, organizationUrl: options.organizationUrl, pubsub });
  const service = await serveSubgraph({
    name: SUBGRAPH,
    schema: buildHumanitarianSchema(),
    port: options.port,
    extendContext: (base) => ({ ...base, prisma: database.prisma, pubsub, live }),
    ready: async () => {
      await database.prisma.$queryRaw`SELECT 1`;
      return true;
    },
    onStop: async () => {
      await live.close();
      await replica.stop();
      await database.close();
    },
  });
  return { ...service, database, live, caughtUp: () => replica.catchUp() };
}
