// Starts the emulation subgraph against a PostgreSQL URL (embedded or real), with its replica
// of the organization's chapter tree and the addresses of the subgraphs whose facts it reads
// (EM-DEMOTE: organization's dues, members and funds; humanitarian's resources and Tháng Nhân đạo).
import { createInProcessPubSub, createLiveHub, migrateSubgraph, serveSubgraph, startTreeReplica, type LiveHub, type PubSub, type RunningService } from "@chapters/core";
import { connectEmulationDatabase, SUBGRAPH, type EmulationDatabase } from "./db.ts";
import { createFactClient, type FactClient } from "./facts/fetch.ts";
import { buildEmulationSchema } from "./schema/index.ts";

export interface EmulationService extends RunningService {
  database: EmulationDatabase;
  facts: FactClient;
  /** its live feeds (open feeds and subscribers, for metrics and tests) */
  live: LiveHub;
  /** resolves when the tree replica has applied every organization event so far */
  caughtUp: () => Promise<void>;
}

/** Migrates (unless told not to), starts the tree replica and serves the subgraph. */
export async function startEmulationSubgraph(options: {
  databaseUrl: string;
  organizationUrl: string;
  humanitarianUrl: string;
  port?: number;
  pubsub?: PubSub;
  migrate?: boolean;
  /** 1 for an embedded database: one PGlite backend is one session */
  maxConnections?: number;
}): Promise<EmulationService> {
  if (options.migrate !== false) await migrateSubgraph(SUBGRAPH, options.databaseUrl);
  const pubsub = options.pubsub ?? createInProcessPubSub();
  const database = connectEmulationDatabase(options.databaseUrl, { maxConnections: options.maxConnections });
  const live = createLiveHub(pubsub);
  const facts = createFactClient({ organization: options.organizationUrl, humanitarian: options.humanitarianUrl });
  // Embedded (one connection): the in-process bus loses nothing, and the safety-net poll would
  // send its statements into the middle of a request's transaction on the one PGlite backend
  // (RECIPE: a transaction on one connection breaks statements from the others).
  const replica = await startTreeReplica({
    databaseUrl: options.databaseUrl, schema: SUBGRAPH, organizationUrl: options.organizationUrl, pubsub,
    pollMs: options.maxConnections === 1 ? 0 : undefined,
  });
  const service = await serveSubgraph({
    name: SUBGRAPH,
    schema: buildEmulationSchema(),
    port: options.port,
    extendContext: (base) => ({ ...base, prisma: database.prisma, pubsub, facts, live }),
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
  return { ...service, database, facts, live, caughtUp: () => replica.catchUp() };
}
