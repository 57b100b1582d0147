// Starts the organization subgraph against a PostgreSQL URL (embedded or real).
import { createInProcessPubSub, logger, migrateSubgraph, serveSubgraph, type PubSub, type RunningService } from "@chapters/core";
import { connectOrganizationDatabase, SUBGRAPH, type OrgDatabase } from "./db.ts";
import { rebuildRollups, rollupsCurrent } from "./figures/rollups.ts";
import { OutboxRelay } from "./tree/outbox-relay.ts";
import { buildOrganizationSchema } from "./schema/index.ts";

export interface OrganizationService extends RunningService {
  database: OrgDatabase;
}

export async function startOrganizationSubgraph(options: {
  databaseUrl: string;
  port?: number;
  pubsub?: PubSub;
  migrate?: boolean;
  /** 1 for an embedded database: one PGlite backend is one session */
  maxConnections?: number;
}): Promise<OrganizationService> {
  if (options.migrate !== false) await migrateSubgraph(SUBGRAPH, options.databaseUrl);
  const database = connectOrganizationDatabase(options.databaseUrl, { maxConnections: options.maxConnections });
  // The relay works in the background on its own connection, so the statements counted on the
  // serving pool are those of requests alone.
  const relayDatabase = connectOrganizationDatabase(options.databaseUrl, { maxConnections: 1 });
  const pubsub = options.pubsub ?? createInProcessPubSub();
  const outbox = new OutboxRelay(relayDatabase.prisma, pubsub);
  outbox.start();
  // a new year (or a database loaded in bulk) has no rollups for the running year: build them in
  // the background on a connection of their own; until then figures are computed from the rows
  if (options.migrate !== false && !(await rollupsCurrent(database.prisma))) void rebuildInBackground(options.databaseUrl);
  const service = await serveSubgraph({
    name: SUBGRAPH,
    schema: buildOrganizationSchema(),
    port: options.port,
    extendContext: (base) => ({ ...base, prisma: database.prisma, outbox, pubsub }),
    statements: database.statements,
    ready: async () => {
      await database.prisma.$queryRaw`SELECT 1`;
      return true;
    },
    onStop: async () => {
      await outbox.stop();
      await relayDatabase.close();
      await database.close();
    },
  });
  return { ...service, database };
}

async function rebuildInBackground(databaseUrl: string): Promise<void> {
  const maintenance = connectOrganizationDatabase(databaseUrl, { maxConnections: 1 });
  try {
    const started = Date.now();
    const { years } = await rebuildRollups(maintenance.prisma, { onlyIfStale: true });
    if (years.length) logger.info({ service: SUBGRAPH, years: years.length, ms: Date.now() - started }, "figure rollups rebuilt");
  } catch (error) {
    logger.error({ service: SUBGRAPH, err: error }, "figure rollups could not be rebuilt: figures are computed from the rows");
  } finally {
    await maintenance.close();
  }
}
