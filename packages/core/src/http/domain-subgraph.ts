// The start-up every domain subgraph shares (blood, humanitarian, emulation): its live feeds, its
// replica of the organization's chapter tree, and the HTTP server whose requests see both, with a
// readiness probe on its database and a shutdown that ends them in order. Each subgraph brings
// what is its own: its schema, its database, what it keeps summed over the tree, its extra context.
import type { GraphQLSchema } from "graphql";
import type { RequestContext } from "../context.ts";
import { createLiveHub, type LiveHub } from "../live/hub.ts";
import type { PubSub } from "../pubsub.ts";
import { startTreeReplica } from "../replica/tree-replica.ts";
import { serveSubgraph, type RunningService, type SubgraphRoute } from "./subgraph-server.ts";

export interface DomainDatabase {
  prisma: { $queryRawUnsafe(query: string): Promise<unknown> };
  statements: { count: number };
  close(): Promise<void>;
}

export interface DomainService<Db extends DomainDatabase> extends RunningService {
  database: Db;
  /** its live feeds (open feeds and subscribers, for metrics and tests) */
  live: LiveHub;
  /** resolves when the tree replica has applied every organization event so far */
  caughtUp: () => Promise<void>;
}

export async function serveDomainSubgraph<Db extends DomainDatabase, Extra extends object>(options: {
  name: string;
  schema: GraphQLSchema;
  databaseUrl: string;
  database: Db;
  organizationUrl: string;
  pubsub: PubSub;
  port?: number;
  /** the replica's own options (its safety-net poll, what the subgraph derives from the tree) */
  replica?: Pick<Parameters<typeof startTreeReplica>[0], "pollMs" | "derived">;
  /** what the subgraph's requests see besides its Prisma client, pub/sub and live feeds */
  context?: Extra;
  /** GET routes besides /graphql (file downloads) */
  routes?: SubgraphRoute<RequestContext & Extra & { prisma: Db["prisma"]; pubsub: PubSub; live: LiveHub }>[];
}): Promise<DomainService<Db>> {
  const { database, pubsub } = options;
  const live = createLiveHub(pubsub);
  const replica = await startTreeReplica({ databaseUrl: options.databaseUrl, schema: options.name, organizationUrl: options.organizationUrl, pubsub, ...options.replica });
  const service = await serveSubgraph({
    name: options.name,
    schema: options.schema,
    port: options.port,
    extendContext: (base: RequestContext) => ({ ...base, ...options.context, prisma: database.prisma, pubsub, live }),
    ready: () => database.prisma.$queryRawUnsafe("SELECT 1"),
    statements: database.statements,
    routes: options.routes,
    onStop: async () => {
      await live.close();
      await replica.stop();
      await database.close();
    },
  });
  return { ...service, database, live, caughtUp: () => replica.catchUp() };
}
