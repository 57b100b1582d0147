// Starts the emulation subgraph against a PostgreSQL URL (embedded or real), with its replica
// of the organization's chapter tree and the addresses of the subgraphs whose facts it reads
// (EM-DEMOTE: organization's dues, members and funds; humanitarian's resources and Tháng Nhân đạo).
import { createInProcessPubSub, migrateSubgraph, serveDomainSubgraph, type DomainService, type PubSub } from "@chapters/core";
import { connectEmulationDatabase, SUBGRAPH, type EmulationDatabase } from "./db.ts";
import { createFactClient, type FactClient } from "./facts/fetch.ts";
import { buildEmulationSchema } from "./schema/index.ts";

export interface EmulationService extends DomainService<EmulationDatabase> {
  facts: FactClient;
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
  const facts = createFactClient({ organization: options.organizationUrl, humanitarian: options.humanitarianUrl });
  const service = await serveDomainSubgraph({
    name: SUBGRAPH,
    schema: buildEmulationSchema(),
    databaseUrl: options.databaseUrl,
    database: connectEmulationDatabase(options.databaseUrl, { maxConnections: options.maxConnections }),
    organizationUrl: options.organizationUrl,
    pubsub: options.pubsub ?? createInProcessPubSub(),
    port: options.port,
    // Embedded (one connection): the in-process bus loses nothing, and the safety-net poll would
    // send its statements into the middle of a request's transaction on the one PGlite backend
    // (docs/operating.md: one PGlite backend is one connection, so a transaction breaks the others' statements).
    replica: { pollMs: options.maxConnections === 1 ? 0 : undefined },
    context: { facts },
  });
  return { ...service, facts };
}
