// The emulation subgraph's Prisma client, on its own pool and Postgres schema "emulation".
import { connectSubgraphDatabase, type SubgraphDatabase } from "@chapters/core";
import { PrismaClient } from "./generated/prisma/client.ts";

export const SUBGRAPH = "emulation";
export type EmulationPrisma = PrismaClient;
export type { Prisma } from "./generated/prisma/client.ts";
export type EmulationDatabase = SubgraphDatabase<EmulationPrisma>;

/** Connects to the subgraph's schema at `url` (one connection for an embedded database). */
export function connectEmulationDatabase(url: string, options: { maxConnections?: number } = {}): EmulationDatabase {
  return connectSubgraphDatabase(SUBGRAPH, url, (adapter) => new PrismaClient({ adapter }), options);
}
