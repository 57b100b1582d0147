// The whole product in one process: each subgraph on its own database (an embedded PostgreSQL
// per subgraph unless a URL is given), then the gateway composed from them. Used by `npm start`
// and by the tests, so both run the same thing.
import path from "node:path";
import { classifyDatabaseFailure, createPubSubFromEnv, databaseUrlFromEnv, repoRoot, startEmbeddedPostgres, type EmbeddedPostgres, type PubSub } from "@chapters/core";
import { ORGANIZATION, type OrganizationService } from "@chapters/organization";
import { startGateway, type GatewayOptions, type RunningGateway } from "@chapters/gateway";
import { subgraphModules, type StartedSubgraph } from "./services.ts";

export interface StackOptions {
  /** gateway port (0 = any free port) */
  port?: number;
  /** database URL per subgraph; a subgraph without one gets an embedded PostgreSQL */
  databaseUrls?: Partial<Record<string, string>>;
  /** where embedded databases keep their files; undefined = in memory */
  dataDir?: string;
  seedDemo?: boolean;
  subgraphPorts?: Partial<Record<string, number>>;
  /** gateway settings other than where the subgraphs are (limits, who may send ad-hoc queries) */
  gateway?: Pick<GatewayOptions, "limits" | "registeredOnly" | "explorer" | "redisUrl">;
  /** embedded databases to start from a dump (Stack.snapshot) instead of empty: they are already
   * migrated and seeded, so the subgraphs skip their migrations (the tests' snapshots) */
  embeddedSnapshot?: Partial<Record<string, Blob>>;
  /** false when every database is a copy of one already migrated */
  migrate?: boolean;
}

export interface Stack {
  gateway: RunningGateway;
  organization: OrganizationService;
  services: Record<string, StartedSubgraph>;
  pubsub: PubSub;
  embedded: Record<string, string>;
  demoSeeded: boolean;
  /** stops the gateway and the subgraphs, then dumps each embedded database (for
   * StackOptions.embeddedSnapshot); stop() still closes the databases */
  snapshot(): Promise<Record<string, Blob>>;
  stop(): Promise<void>;
}

/** The PostgreSQL server named by the environment does not answer: said in one line, naming the
 * variable to fix, instead of a driver's stack trace. */
export class DatabaseUnreachableError extends Error {
  constructor(subgraph: string, url: string, cause: unknown) {
    const where = (() => {
      try {
        const u = new URL(url);
        return `${u.hostname}:${u.port || 5432}`;
      } catch {
        return "the configured address";
      }
    })();
    const variable = process.env[`DATABASE_URL_${subgraph.toUpperCase()}`] ? `DATABASE_URL_${subgraph.toUpperCase()}` : "DATABASE_URL";
    super(`Cannot reach PostgreSQL at ${where} for the ${subgraph} subgraph: start that server or fix ${variable} (unset it to use the embedded database).`, { cause });
  }
}

export function databaseUrlsFromEnv(): Partial<Record<string, string>> {
  const urls: Partial<Record<string, string>> = {};
  for (const { name } of subgraphModules) {
    const url = databaseUrlFromEnv(name);
    if (url) urls[name] = url;
  }
  return urls;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  // each cleanup runs once, in reverse order of starting; the gateway and the subgraphs stop
  // before any database closes (snapshot() stops them alone)
  const serviceCleanups: (() => Promise<void>)[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const runCleanups = async (list: (() => Promise<void>)[]) => {
    while (list.length > 0) await list.pop()!().catch(() => undefined);
  };
  const stopServices = () => runCleanups(serviceCleanups);
  const stopAll = async () => {
    await stopServices();
    await runCleanups(cleanups);
  };
  try {
    const pubsub = createPubSubFromEnv();
    cleanups.push(() => pubsub.close());
    const embedded: Record<string, string> = {};
    const embeddedDatabases: Record<string, EmbeddedPostgres> = {};
    const services: Record<string, StartedSubgraph> = {};
    let demoSeeded = false;

    for (const module of subgraphModules) {
      const given = options.databaseUrls?.[module.name];
      let databaseUrl = given;
      if (!databaseUrl) {
        const db = await startEmbeddedPostgres({
          dataDir: options.dataDir ? path.join(options.dataDir, module.name) : undefined,
          searchPath: module.name,
          load: options.embeddedSnapshot?.[module.name],
        });
        cleanups.push(() => db.close());
        embeddedDatabases[module.name] = db;
        embedded[module.name] = databaseUrl = db.url;
      }
      const service = await module
        .start({
          databaseUrl,
          port: options.subgraphPorts?.[module.name],
          pubsub,
          maxConnections: given ? 10 : 1,
          migrate: options.migrate,
          organizationUrl: services[ORGANIZATION]?.url ?? "",
          subgraphUrls: Object.fromEntries(Object.values(services).map((s) => [s.name, s.url])),
        })
        .catch((error: unknown) => {
          if (given && classifyDatabaseFailure(error) === "away") throw new DatabaseUnreachableError(module.name, given, error);
          throw error;
        });
      serviceCleanups.push(() => service.stop());
      services[module.name] = service;
      await service.caughtUp?.();
      if (options.seedDemo && module.seedDemo) demoSeeded = (await module.seedDemo(service)) || demoSeeded;
    }

    const gateway = await startGateway({
      ...options.gateway,
      port: options.port ?? 0,
      subgraphs: Object.values(services).map((s) => ({ name: s.name, url: s.url })),
      pubsub,
    });
    serviceCleanups.push(() => gateway.stop());
    return {
      gateway,
      organization: services[ORGANIZATION] as OrganizationService,
      services,
      pubsub,
      embedded,
      demoSeeded,
      async snapshot() {
        await stopServices();
        const dumps: Record<string, Blob> = {};
        for (const [name, db] of Object.entries(embeddedDatabases)) dumps[name] = await db.dump();
        return dumps;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export const defaultDataDir = path.join(repoRoot, ".data");
