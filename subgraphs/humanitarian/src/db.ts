// The humanitarian subgraph's Prisma client, on its own pool and Postgres schema "humanitarian".
import { connectSubgraphDatabase, type SubgraphDatabase } from "@chapters/core";
import { PrismaClient } from "./generated/prisma/client.ts";

export const SUBGRAPH = "humanitarian";
export type HumanitarianPrisma = PrismaClient;
export type { Prisma } from "./generated/prisma/client.ts";
export type HumanitarianDatabase = SubgraphDatabase<HumanitarianPrisma>;

/** Connects to the subgraph's schema at `url` (one connection for an embedded database). */
export function connectHumanitarianDatabase(url: string, options: { maxConnections?: number } = {}): HumanitarianDatabase {
  return connectSubgraphDatabase(SUBGRAPH, url, (adapter) => new PrismaClient({ adapter }), options);
}
