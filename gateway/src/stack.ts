// The whole product in one process: each subgraph on its own database (an embedded PostgreSQL
// per subgraph unless a URL is given), then the gateway composed from them. Used by `npm start`
// and by the tests, so both run the same thing.
import path from "node:path";
import {
  createPubSubFromEnv,
  databaseUrlFromEnv,
  repoRoot,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type PubSub,
} from "@chapters/core";
import { ORGANIZATION, seedOrganizationDemo, startOrganizationSubgraph, type OrganizationService } from "@chapters/organization";
import { startGateway, type RunningGateway } from "./server.ts";

export interface StackOptions {
  /** gateway port (0 = any free port) */
  port?: number;
  /** database URL per subgraph; a subgraph without one gets an embedded PostgreSQL */
  databaseUrls?: Partial<Record<string, string>>;
  /** where embedded databases keep their files; undefined = in memory */
  dataDir?: string;
  seedDemo?: boolean;
  subgraphPorts?: Partial<Record<string, number>>;
}

export interface Stack {
  gateway: RunningGateway;
  organization: OrganizationService;
  pubsub: PubSub;
  embedded: Record<string, string>;
  demoSeeded: boolean;
  stop(): Promise<void>;
}

export function databaseUrlsFromEnv(): Partial<Record<string, string>> {
  const url = databaseUrlFromEnv(ORGANIZATION);
  return url ? { [ORGANIZATION]: url } : {};
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const pubsub = createPubSubFromEnv();
    cleanups.push(() => pubsub.close());
    const embedded: Record<string, string> = {};
    const databaseFor = async (name: string): Promise<{ url: string; embedded: boolean }> => {
      const given = options.databaseUrls?.[name];
      if (given) return { url: given, embedded: false };
      const db: EmbeddedPostgres = await startEmbeddedPostgres({
        dataDir: options.dataDir ? path.join(options.dataDir, name) : undefined,
        searchPath: name,
      });
      cleanups.push(() => db.close());
      embedded[name] = db.url;
      return { url: db.url, embedded: true };
    };

    const orgDb = await databaseFor(ORGANIZATION);
    const organization = await startOrganizationSubgraph({
      databaseUrl: orgDb.url,
      port: options.subgraphPorts?.[ORGANIZATION],
      pubsub,
      maxConnections: orgDb.embedded ? 1 : 10,
    });
    cleanups.push(() => organization.stop());
    const demoSeeded = options.seedDemo ? (await seedOrganizationDemo(organization.database.prisma)).created : false;

    const gateway = await startGateway({ port: options.port ?? 0, subgraphs: [{ name: organization.name, url: organization.url }] });
    cleanups.push(() => gateway.stop());
    return { gateway, organization, pubsub, embedded, demoSeeded, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export const defaultDataDir = path.join(repoRoot, ".data");
