// Every subgraph the product runs, in start order: organization first, since the domain
// subgraphs keep a replica of its chapter tree and catch up from it when they start.
import type { PubSub, RunningService, StatementCounter } from "@chapters/core";
import { BLOOD, startBloodSubgraph } from "@chapters/blood";
import { EMULATION, startEmulationSubgraph } from "@chapters/emulation";
import { HUMANITARIAN, startHumanitarianSubgraph } from "@chapters/humanitarian";
import { ORGANIZATION, startOrganizationSubgraph } from "@chapters/organization";
import { seedBloodDemo, seedEmulationDemo, seedHumanitarianDemo, seedOrganizationDemo } from "./seeds.ts";

export interface SubgraphStartOptions {
  databaseUrl: string;
  port?: number;
  pubsub: PubSub;
  /** 1 for an embedded database: one PGlite backend is one session */
  maxConnections: number;
  /** the organization subgraph, for the domain subgraphs' tree replica */
  organizationUrl: string;
  /** the subgraphs started before this one, by name (emulation reads facts from their owners) */
  subgraphUrls?: Record<string, string>;
  /** false when the database is a copy of one already migrated (the tests' snapshots) */
  migrate?: boolean;
}

export interface StartedSubgraph extends RunningService {
  database: { statements: StatementCounter; prisma: unknown };
  /** resolves when the subgraph has caught up with what it depends on (e.g. the tree replica) */
  caughtUp?: () => Promise<void>;
}

export interface SubgraphModule {
  name: string;
  start(options: SubgraphStartOptions): Promise<StartedSubgraph>;
  /** loads the demo data once (does nothing when it is already there) */
  seedDemo?(service: StartedSubgraph): Promise<boolean>;
}

export const subgraphModules: SubgraphModule[] = [
  {
    name: ORGANIZATION,
    start: (o) => startOrganizationSubgraph({ databaseUrl: o.databaseUrl, port: o.port, pubsub: o.pubsub, maxConnections: o.maxConnections, migrate: o.migrate }),
    seedDemo: async (s) => (await seedOrganizationDemo((s as Awaited<ReturnType<typeof startOrganizationSubgraph>>).database.prisma)).created,
  },
  {
    name: BLOOD,
    start: (o) =>
      startBloodSubgraph({ databaseUrl: o.databaseUrl, port: o.port, pubsub: o.pubsub, maxConnections: o.maxConnections, organizationUrl: o.organizationUrl, migrate: o.migrate }),
    seedDemo: async (s) => (await seedBloodDemo((s as Awaited<ReturnType<typeof startBloodSubgraph>>).database.prisma)).created,
  },
  {
    name: HUMANITARIAN,
    start: (o) =>
      startHumanitarianSubgraph({ databaseUrl: o.databaseUrl, port: o.port, pubsub: o.pubsub, maxConnections: o.maxConnections, organizationUrl: o.organizationUrl, migrate: o.migrate }),
    seedDemo: async (s) => (await seedHumanitarianDemo((s as Awaited<ReturnType<typeof startHumanitarianSubgraph>>).database.prisma)).created,
  },
  {
    name: EMULATION,
    start: (o) =>
      startEmulationSubgraph({
        databaseUrl: o.databaseUrl, port: o.port, pubsub: o.pubsub, maxConnections: o.maxConnections,
        organizationUrl: o.organizationUrl, humanitarianUrl: o.subgraphUrls?.[HUMANITARIAN] ?? "", migrate: o.migrate,
      }),
    seedDemo: async (s) => (await seedEmulationDemo(s as Awaited<ReturnType<typeof startEmulationSubgraph>>)).created,
  },
];
