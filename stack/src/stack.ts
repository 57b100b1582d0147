// The whole product in one process: each subgraph on its own database (an embedded PostgreSQL
// per subgraph unless a URL is given), then the gateway composed from them. Used by `npm start`
// and by the tests, so both run the same thing.
import path from "node:path";
import { classifyDatabaseFailure, createPubSubFromEnv, databaseUrlFromEnv, repoRoot, startEmbeddedPostgres, type PubSub } from "@chapters/core";
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
}

export interface Stack {
  gateway: RunningGateway;
  organization: OrganizationService;
  services: Record<string, StartedSubgraph>;
  pubsub: PubSub;
  embedded: Record<string, string>;
  demoSeeded: boolean;
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
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const pubsub = createPubSubFromEnv();
    cleanups.push(() => pubsub.close());
    const embedded: Record<string, string> = {};
    const services: Record<string, StartedSubgraph> = {};
    let demoSeeded = false;

    for (const module of subgraphModules) {
      const given = options.databaseUrls?.[module.name];
      let databaseUrl = given;
      if (!databaseUrl) {
        const db = await startEmbeddedPostgres({
          dataDir: options.dataDir ? path.join(options.dataDir, module.name) : undefined,
          searchPath: module.name,
        });
        cleanups.push(() => db.close());
        embedded[module.name] = databaseUrl = db.url;
      }
      const service = await module
        .start({
          databaseUrl,
          port: options.subgraphPorts?.[module.name],
          pubsub,
          maxConnections: given ? 10 : 1,
          organizationUrl: services[ORGANIZATION]?.url ?? "",
          subgraphUrls: Object.fromEntries(Object.values(services).map((s) => [s.name, s.url])),
        })
        .catch((error: unknown) => {
          if (given && classifyDatabaseFailure(error) === "away") throw new DatabaseUnreachableError(module.name, given, error);
          throw error;
        });
      cleanups.push(() => service.stop());
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
    cleanups.push(() => gateway.stop());
    return {
      gateway,
      organization: services[ORGANIZATION] as OrganizationService,
      services,
      pubsub,
      embedded,
      demoSeeded,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export const defaultDataDir = path.join(repoRoot, ".data");
